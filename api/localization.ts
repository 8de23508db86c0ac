/**
 * Problem details in the caller's language. The API's messages are written in English (the
 * contract's language, what municipal systems log); a caller that asks for Finnish or Swedish
 * (`Accept-Language: fi` or `sv`, as the officers' web application does) gets the same messages
 * translated here, so a form shows every error in the officer's language. A message without a
 * translation stays in English.
 */
export type ProblemLanguage = 'en' | 'fi' | 'sv';

type Translation = [RegExp, (m: RegExpMatchArray) => string, (m: RegExpMatchArray) => string];
const fixed = (english: string, fi: string, sv: string): Translation => [
  new RegExp(`^${english.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`),
  () => fi,
  () => sv,
];

const translations: Translation[] = [
  // Field checks (zod's own and the schemas' messages).
  [
    /^Invalid input: expected \w+, received undefined$/,
    () => 'Pakollinen tieto puuttuu',
    () => 'Obligatorisk uppgift saknas',
  ],
  [/^Invalid input/, () => 'Tieto on väärää muotoa', () => 'Uppgiften har fel format'],
  [
    /^Invalid option/,
    () => 'Valitse jokin sallituista vaihtoehdoista',
    () => 'Välj ett av de tillåtna alternativen',
  ],
  [
    /^Too big: expected string to have <=(\d+) characters$/,
    (m) => `Enintään ${m[1]} merkkiä`,
    (m) => `Högst ${m[1]} tecken`,
  ],
  [
    /^Too small: expected string to have >=(\d+) characters?$/,
    (m) => `Vähintään ${m[1]} merkkiä`,
    (m) => `Minst ${m[1]} tecken`,
  ],
  [
    /^Too big: expected array to have <=(\d+) items$/,
    (m) => `Enintään ${m[1]} kohtaa`,
    (m) => `Högst ${m[1]} poster`,
  ],
  [
    /^Too small: expected array to have >=(\d+) items?$/,
    (m) => `Vähintään ${m[1]} kohtaa`,
    (m) => `Minst ${m[1]} poster`,
  ],
  [/^Unrecognized keys?: (.*)$/, (m) => `Tuntematon kenttä: ${m[1]}`, (m) => `Okänt fält: ${m[1]}`],
  fixed('must not be empty', 'Tieto ei voi olla tyhjä', 'Uppgiften får inte vara tom'),
  fixed(
    'must be a real date written YYYY-MM-DD',
    'Päivämäärä ei ole oikea päivä',
    'Datumet är inte en verklig dag',
  ),
  fixed(
    'must not be in the future',
    'Päivämäärä ei voi olla tulevaisuudessa',
    'Datumet får inte vara i framtiden',
  ),
  fixed(
    'must be an ISO 3166-1 alpha-3 code such as SYR',
    'Anna maakoodi kolmella isolla kirjaimella, esimerkiksi SYR',
    'Ange landskoden med tre versaler, till exempel SYR',
  ),
  fixed(
    'must be an ISO 639 language code such as ar or fi',
    'Anna kielikoodi, esimerkiksi ar tai fi',
    'Ange en språkkod, till exempel ar eller sv',
  ),
  fixed(
    'must be a phone number such as +358 40 123 4567',
    'Anna puhelinnumero, esimerkiksi +358 40 123 4567',
    'Ange ett telefonnummer, till exempel +358 40 123 4567',
  ),
  fixed('must be an e-mail address', 'Anna sähköpostiosoite', 'Ange en e-postadress'),
  fixed(
    'must be an organisation ID such as kunta-091 or evk-uusimaa',
    'Valitse organisaatio',
    'Välj en organisation',
  ),
  fixed(
    'does not match the personal identity code',
    'Ei vastaa henkilötunnusta',
    'Stämmer inte med personbeteckningen',
  ),
  fixed(
    'only a minor can be unaccompanied',
    'Vain alaikäinen voi olla saapunut ilman huoltajaa',
    'Endast en minderårig kan ha kommit utan vårdnadshavare',
  ),
  fixed(
    'a household has at least one person',
    'Kotitaloudessa on vähintään yksi henkilö',
    'Hushållet har minst en person',
  ),
  fixed('a rejection needs a reason', 'Hylkäys tarvitsee perustelun', 'Ett avslag behöver en motivering'),
  fixed(
    'the service language is Finnish (fi) or Swedish (sv)',
    'Asiointikieli on suomi tai ruotsi',
    'Servicespråket är finska eller svenska',
  ),
  fixed(
    'the client’s consent is required to move the case (§ 85)',
    'Asiakkuuden siirto vaatii asiakkaan suostumuksen (85 §)',
    'Överföringen kräver klientens samtycke (85 §)',
  ),
  [
    /^not a valid personal identity code/,
    () => 'Henkilötunnus ei kelpaa',
    () => 'Personbeteckningen är inte giltig',
  ],
  [/^not a valid UMA number/, () => 'UMA-numero ei kelpaa', () => 'UMA-numret är inte giltigt'],
  fixed(
    'must be a lower-case user name such as kunta-091.mvirtanen',
    'Käyttäjätunnus pienillä kirjaimilla, esimerkiksi kunta-091.mvirtanen',
    'Användarnamn med små bokstäver, till exempel kunta-091.mvirtanen',
  ),
  fixed('the user name is taken', 'Käyttäjätunnus on jo käytössä', 'Användarnamnet är redan upptaget'),
  fixed(
    'a right must end after it starts',
    'Oikeuden on päätyttävä alkamisensa jälkeen',
    'Rättigheten måste upphöra efter att den börjat',
  ),
  // Registration and the plan (act 681/2023).
  fixed(
    'a personal identity code or an UMA number is required, so that nobody is registered twice',
    'Henkilötunnus tai UMA-numero tarvitaan, jottei ketään rekisteröidä kahdesti',
    'Personbeteckning eller UMA-nummer behövs, så att ingen registreras två gånger',
  ),
  fixed(
    'a valid right of residence is required for registration',
    'Rekisteröinti edellyttää voimassa olevaa oleskeluoikeutta',
    'Registreringen förutsätter en giltig uppehållsrätt',
  ),
  fixed(
    'a pending extension needs the certificate of the pending application (vireilläolotodistus)',
    'Vireillä oleva jatkolupa tarvitsee vireilläolotodistuksen',
    'Ett anhängigt fortsatt tillstånd kräver intyg om anhängighet',
  ),
  [
    /^Finnish citizens are registered only under the exceptions/,
    () => 'Suomen kansalainen rekisteröidään vain lain 2 §:n poikkeuksissa: valitse poikkeuksen peruste',
    () => 'Finska medborgare registreras endast i undantagsfallen i lagens 2 §: ange grunden för undantaget',
  ],
  fixed('the right of residence has expired', 'Oleskeluoikeus on päättynyt', 'Uppehållsrätten har upphört'),
  fixed('must not be before validFrom', 'Ei voi olla ennen alkamispäivää', 'Får inte vara före startdagen'),
  fixed(
    'the first integration plan lasts at most one year (§ 23)',
    'Ensimmäinen kotoutumissuunnitelma on enintään vuoden mittainen (23 §)',
    'Den första integrationsplanen gäller högst ett år (23 §)',
  ),
  fixed(
    'the plans can be extended by at most two years (§ 23)',
    'Suunnitelmia voi jatkaa enintään kahdella vuodella (23 §)',
    'Planerna kan förlängas med högst två år (23 §)',
  ),
  [
    /^all plans together last at most until (\d{4}-\d{2}-\d{2})/,
    (m) => `Suunnitelmat kestävät yhteensä enintään ${m[1]} asti (23 §)`,
    (m) => `Planerna gäller sammanlagt högst till ${m[1]} (23 §)`,
  ],
  fixed(
    'a first plan must start within three years of the first residence permit or registration (§ 20)',
    'Ensimmäinen suunnitelma on laadittava kolmen vuoden kuluessa ensimmäisestä oleskeluluvasta (20 §)',
    'Den första planen ska göras inom tre år från det första uppehållstillståndet (20 §)',
  ),
  [
    /^must be between today and (\d{4}-\d{2}-\d{2})$/,
    (m) => `Päivän on oltava tämän päivän ja ${m[1]} välillä`,
    (m) => `Dagen ska vara mellan i dag och ${m[1]}`,
  ],
  fixed(
    'the responsible expert must be an officer of the client’s municipality',
    'Vastuuasiantuntijan on oltava asiakkaan kunnan virkailija',
    'Den ansvariga experten ska vara handläggare i klientens kommun',
  ),
  fixed(
    'not an officer of this municipality',
    'Ei tämän kunnan virkailija',
    'Inte handläggare i den här kommunen',
  ),
  // Decisions on a proposal (domain/placement/proposal.ts).
  fixed(
    'must be another municipality than the one of the current round',
    'Valitse eri kunta kuin nykyisellä kierroksella',
    'Välj en annan kommun än i den nuvarande omgången',
  ),
  fixed(
    'must be another elinvoimakeskus than the current owner',
    'Valitse toinen elinvoimakeskus',
    'Välj ett annat livskraftscentrum',
  ),
  [
    /^must be the municipality's own welfare area \((.*)\)$/,
    () => 'Valitse kunnan oma hyvinvointialue',
    () => 'Välj kommunens eget välfärdsområde',
  ],
  fixed(
    'Åland has no welfare area: record the hearing instead (mode RECORDED)',
    'Ahvenanmaalla ei ole hyvinvointialuetta: kirjaa kuuleminen',
    'Åland har inget välfärdsområde: registrera hörandet',
  ),
  fixed(
    'the welfare area must be heard before accepting a person with evident service needs (act 681/2023 § 43)',
    'Hyvinvointialuetta on kuultava ennen kuin esityksen voi hyväksyä, kun henkilöllä on ilmeinen palvelutarve (43 §)',
    'Välfärdsområdet ska höras innan förslaget kan godkännas när personen har ett uppenbart servicebehov (43 §)',
  ),
  fixed(
    'an unaccompanied minor can be accepted only after the welfare area has answered (act 681/2023 § 43)',
    'Ilman huoltajaa saapuneen alaikäisen voi hyväksyä vasta hyvinvointialueen vastattua (43 §)',
    'En ensamkommande minderårig kan godkännas först när välfärdsområdet har svarat (43 §)',
  ),
  fixed(
    'a proposal can be redistributed after a rejection or once its answer is overdue',
    'Esityksen voi jakaa toiseen kuntaan hylkäyksen jälkeen tai kun vastaus on myöhässä',
    'Förslaget kan fördelas efter ett avslag eller när svaret är försenat',
  ),
  [
    /^due date is out of bounds|^the due date is out of bounds$/,
    () => 'Määräaika on sallitun rajan ulkopuolella',
    () => 'Tidsfristen ligger utanför det tillåtna',
  ],
  [
    /^must be (between|at least|at most) .*(\d{4}-\d{2}-\d{2})/,
    (m) => `Määräaika ei kelpaa (${m[2]})`,
    (m) => `Tidsfristen duger inte (${m[2]})`,
  ],
  [
    /^cannot [\w ]+ a proposal in status (\w+)$/,
    () => 'Toimenpide ei ole mahdollinen esityksen nykyisessä tilassa',
    () => 'Åtgärden är inte möjlig i förslagets nuvarande status',
  ],
  [
    /^\S+ may not [\w ]+ this proposal$/,
    () => 'Organisaatiosi ei voi tehdä tätä päätöstä',
    () => 'Din organisation kan inte fatta det här beslutet',
  ],
  [
    /^only an officer of \S+ may change this client case$/,
    () => 'Vain asiakkaan kunnan virkailija voi muuttaa asiakkuutta',
    () => 'Endast en handläggare i klientens kommun kan ändra klientskapet',
  ],
  [
    /^cannot [\w ]+ a client case that is (\w+)$/,
    () => 'Toimenpide ei ole mahdollinen asiakkuuden nykyisessä tilassa',
    () => 'Åtgärden är inte möjlig i klientskapets nuvarande status',
  ],
  fixed(
    'there is no integration plan to review',
    'Tarkistettavaa kotoutumissuunnitelmaa ei ole',
    'Det finns ingen integrationsplan att granska',
  ),
  fixed(
    'the client is already in that municipality',
    'Asiakas on jo siinä kunnassa',
    'Klienten finns redan i den kommunen',
  ),
  fixed(
    'the case has reached a final state: no further decisions',
    'Asia on päättynyt: päätöksiä ei voi enää tehdä',
    'Ärendet är avslutat: inga fler beslut kan fattas',
  ),
  // Everyday work on a case and anonymous visits.
  fixed(
    'not an officer of the client’s municipality',
    'Henkilö ei ole asiakkaan kunnan virkailija',
    'Personen är inte handläggare i klientens kommun',
  ),
  fixed(
    'give at least one field to change',
    'Anna vähintään yksi muutettava tieto',
    'Ange minst en uppgift att ändra',
  ),
  fixed(
    'give at least one item to correct',
    'Anna vähintään yksi korjattava tieto',
    'Ange minst en uppgift att rätta',
  ),
  fixed(
    'must be this century',
    'Ajankohdan on oltava tältä vuosisadalta',
    'Tidpunkten måste vara från detta sekel',
  ),
  fixed('no such to-do on this client', 'Tehtävää ei löytynyt', 'Uppgiften hittades inte'),
  fixed(
    'anonymous visits carry no personal data: remove this field',
    'Anonyymiin käyntiin ei kirjata henkilötietoja: poista tämä tieto',
    'Ett anonymt besök innehåller inga personuppgifter: ta bort uppgiften',
  ),
  fixed(
    'must not contain a personal identity code',
    'Ei saa sisältää henkilötunnusta',
    'Får inte innehålla en personbeteckning',
  ),
  fixed(
    'must not contain an e-mail address',
    'Ei saa sisältää sähköpostiosoitetta',
    'Får inte innehålla en e-postadress',
  ),
  fixed(
    'must not contain an identifier or a phone number',
    'Ei saa sisältää tunnistetta tai puhelinnumeroa',
    'Får inte innehålla en identifierare eller ett telefonnummer',
  ),
  fixed(
    'must not contain a person’s name',
    'Ei saa sisältää henkilön nimeä',
    'Får inte innehålla en persons namn',
  ),
  // Webhooks (domain/events/webhookTargets.ts).
  fixed('must be an https URL', 'Osoitteen on alettava https://', 'Adressen måste börja med https://'),
  fixed(
    'must not point to an internal address (loopback, private, link-local or reserved)',
    'Osoite ei saa johtaa sisäverkkoon (paikallinen, yksityinen, link-local- tai varattu osoite)',
    'Adressen får inte leda till ett internt nät (lokal, privat, link-local- eller reserverad adress)',
  ),
  fixed(
    'must name a host that resolves to an address',
    'Osoitteen palvelinta ei löydy',
    'Adressens server hittas inte',
  ),
  fixed(
    'must be an event type such as proposal.SENT, client.* or *',
    'Anna tapahtumatyyppi, esimerkiksi proposal.SENT, client.* tai *',
    'Ange en händelsetyp, till exempel proposal.SENT, client.* eller *',
  ),
  // Whole-request problems.
  fixed(
    'the webhook’s address is refused',
    'Webhookin osoitetta ei hyväksytä',
    'Webhookens adress godtas inte',
  ),
  fixed(
    'an anonymous visit carries no personal data',
    'Anonyymiin käyntiin ei kirjata henkilötietoja',
    'Ett anonymt besök innehåller inga personuppgifter',
  ),
  fixed('the correction cannot be recorded', 'Korjausta ei voi tallentaa', 'Rättelsen kan inte sparas'),
  fixed(
    'the body has invalid fields',
    'Lomakkeessa on virheellisiä tietoja',
    'Formuläret har felaktiga uppgifter',
  ),
  fixed('the client cannot be registered', 'Asiakasta ei voi rekisteröidä', 'Klienten kan inte registreras'),
  fixed(
    'the integration plan breaks the act’s limits',
    'Suunnitelma ei ole lain rajoissa',
    'Planen ryms inte inom lagens gränser',
  ),
  fixed(
    'the person is already registered as a client in another municipality',
    'Henkilö on jo toisen kunnan asiakas',
    'Personen är redan klient i en annan kommun',
  ),
  [
    /^the person is already registered as client (\S+) of your municipality$/,
    (m) => `Henkilö on jo kuntasi asiakas (${m[1]})`,
    (m) => `Personen är redan klient i din kommun (${m[1]})`,
  ],
  // Outages (503): nothing was lost; the same request can be sent again.
  [
    /^the (database|workflow service) cannot be reached right now: retry later with the same Idempotency-Key$/,
    () => 'Palvelu ei ole juuri nyt käytettävissä. Yritä hetken kuluttua uudelleen.',
    () => 'Tjänsten är inte tillgänglig just nu. Försök igen om en stund.',
  ],
];

/** The message in the caller's language, when a translation is known. */
export function localizeMessage(message: string, language: ProblemLanguage): string {
  if (language === 'en') return message;
  for (const [pattern, fi, sv] of translations) {
    const match = message.match(pattern);
    if (match) return language === 'fi' ? fi(match) : sv(match);
  }
  return message;
}
