import { defineMessages } from '../../i18n/define';

export const about = defineMessages({
  fi: {
    title: 'Saavutettavuusseloste',
    paragraphs: [
      'Tämä saavutettavuusseloste koskee Koto-palvelun virkailijasovellusta (kuntaan ohjaaminen ja kotoutumisen asiakkuudet). Digitaalisten palvelujen tarjoamisesta annettu laki (306/2019) edellyttää, että julkisen sektorin verkkopalvelut täyttävät WCAG 2.1 -ohjeiston AA-tason vaatimukset (EN 301 549).',
      'Palvelu on rakennettu Suomi.fi-suunnittelujärjestelmän komponenteilla. Kaikki sivut ovat käytettävissä pelkällä näppäimistöllä, kohdistus näkyy, lomakekentillä on nimilaput, sivuilla on maamerkit ja ohituslinkki pääsisältöön, ja virheet luetellaan lomakkeen alussa linkkeinä virheellisiin kenttiin.',
      'Jokainen sivu tarkistetaan automaattisesti axe-core-työkalulla jokaisessa julkaisussa: vakavia tai kriittisiä puutteita ei sallita.',
    ],
    statusTitle: 'Saavutettavuuden tila',
    status:
      'Palvelu täyttää saavutettavuusvaatimukset osittain: kaavioiden tiedot on lisäksi esitetty taulukkoina.',
    feedbackTitle: 'Palaute ja valvonta',
    feedback:
      'Jos huomaat saavutettavuuspuutteen, ilmoita siitä palvelun ylläpitäjälle (KEHA-keskus). Jos et ole tyytyväinen vastaukseen, voit tehdä ilmoituksen valvontaviranomaiselle: Etelä-Suomen aluehallintovirasto, saavutettavuusvaatimukset.fi.',
    updated: 'Seloste on laadittu 23.11.2026.',
  },
  sv: {
    title: 'Tillgänglighetsutlåtande',
    paragraphs: [
      'Detta tillgänglighetsutlåtande gäller Koto-tjänstens handläggarapplikation (anvisning till kommun och integrationsklientskap). Lagen om tillhandahållande av digitala tjänster (306/2019) förutsätter att den offentliga sektorns webbtjänster uppfyller nivå AA i WCAG 2.1 (EN 301 549).',
      'Tjänsten är byggd med komponenterna i designsystemet Suomi.fi. Alla sidor kan användas med enbart tangentbord, fokus syns, formulärfälten har etiketter, sidorna har landmärken och en länk till huvudinnehållet, och fel listas i början av formuläret som länkar till de felaktiga fälten.',
      'Varje sida kontrolleras automatiskt med axe-core vid varje publicering: inga allvarliga eller kritiska brister tillåts.',
    ],
    statusTitle: 'Tillgänglighetens status',
    status:
      'Tjänsten uppfyller tillgänglighetskraven delvis: uppgifterna i diagrammen visas också som tabeller.',
    feedbackTitle: 'Respons och tillsyn',
    feedback:
      'Om du upptäcker en brist i tillgängligheten, meddela tjänstens upprätthållare (KEHA-centret). Om du inte är nöjd med svaret kan du göra en anmälan till tillsynsmyndigheten: Regionförvaltningsverket i Södra Finland, tillganglighetskrav.fi.',
    updated: 'Utlåtandet har upprättats 23.11.2026.',
  },
  en: {
    title: 'Accessibility statement',
    paragraphs: [
      'This accessibility statement covers the officers’ application of the Koto service (municipal placement and integration client cases). The Act on the Provision of Digital Services (306/2019) requires public-sector online services to meet level AA of WCAG 2.1 (EN 301 549).',
      'The service is built with the components of the Suomi.fi design system. Every page can be used with the keyboard alone, focus is visible, form fields have labels, pages have landmarks and a skip link to the main content, and errors are listed at the top of a form as links to the fields concerned.',
      'Every page is checked automatically with axe-core in every release: no serious or critical violations are allowed.',
    ],
    statusTitle: 'Compliance status',
    status:
      'The service partially meets the accessibility requirements: the data in charts is also shown as tables.',
    feedbackTitle: 'Feedback and enforcement',
    feedback:
      'If you notice an accessibility problem, tell the service operator (the KEHA Centre). If you are not satisfied with the answer, you can notify the enforcement authority: the Regional State Administrative Agency for Southern Finland, webbtillganglighet.fi.',
    updated: 'The statement was drawn up on 23 November 2026.',
  },
});
