/**
 * Reference organisations for Finland: elinvoimakeskukset (from 1.1.2026),
 * welfare areas (hyvinvointialueet), national bodies and all municipalities.
 *
 * MUNICIPALITY SOURCE
 *   Statistics Finland (Tilastokeskus) classification correspondence
 *   kunta_1_20260101 # maakunta_1_20260101 (municipality → region, 2026),
 *   as stored in the public GitHub repository
 *   JuusuPate/PC-Marketplace, path apps/web/src/data/finnish-locations.ts
 *   (commit 0f22bbb0a3ea1f6012afebc26c98850163272098), which was generated from
 *   https://api.stat.fi/classificationservice/open/api/classifications/v2/correspondenceTables/kunta_1_20260101%23maakunta_1_20260101/maps
 *   Codes and names were cross-checked against an independent, older list
 *   (partio-scout/retkipaikka-backend, server/scripts/locationdata.js); the only
 *   differences are the known changes since 2020: Valtimo → Nurmes (2020),
 *   Honkajoki → Kankaanpää (2021), Pertunmaa → Mäntyharju (2026), and the 2021
 *   region transfers (Iitti, Heinävesi, Joroinen, Kuhmoinen, Isokyrö).
 *
 *   308 municipalities, 16 of them in Åland (Ahvenanmaa).
 *
 *   Names as given by Statistics Finland, with two normalisations:
 *   - 478 is labelled "Maarianhamina - Mariehamn" in the Finnish list; here fi
 *     "Maarianhamina", sv "Mariehamn".
 *   - trailing spaces in two Swedish labels ("Gustav Adolfs", "S:t Mårtens")
 *     were trimmed.
 *   `name.sv` is only set when the Swedish name differs from the Finnish one
 *   (consumers should fall back to `name.fi`). For unilingual Finnish
 *   municipalities the Swedish name is the established Swedish-language name
 *   used by Statistics Finland (e.g. Tammerfors, Uleåborg), not an official
 *   name of a bilingual municipality.
 *
 * WELFARE AREAS (hyvinvointialueet, act 611/2021 and 615/2021)
 *   One per region, except Uusimaa, which is split into four areas plus the City
 *   of Helsinki (which runs social, health and rescue services itself).
 *   Åland has no welfare area.
 *
 * ELINVOIMAKESKUKSET (act 531/2025, in operation from 1.1.2026)
 *   Region → centre assignment below. It matches public announcements by TEM and
 *   the centres themselves (e.g. Sisä-Suomi = Pirkanmaa + Kanta-Häme, 34
 *   municipalities; Kaakkois-Suomi has offices in Kouvola, Lahti and
 *   Lappeenranta, i.e. Kymenlaakso, Päijät-Häme, Etelä-Karjala; Lounais-Suomi =
 *   Varsinais-Suomi + Satakunta).
 *   Åland: Åland is autonomous and the state's regional tasks there are largely
 *   handled by the Government of Åland; for this system Åland municipalities are
 *   assigned to evk-lounais-suomi (successor of the Varsinais-Suomi ELY centre).
 *   This is a project decision, not a statutory area.
 */

export type OrganisationKind = 'ELINVOIMAKESKUS' | 'MUNICIPALITY' | 'WELFARE_AREA' | 'KEHA' | 'MIGRI' | 'TEM';

export interface ReferenceOrganisation {
  id: string; // stable ASCII slug
  kind: OrganisationKind;
  name: { fi: string; sv?: string };
  municipalityCode?: string; // 3 digits, municipalities only
  welfareAreaId?: string; // municipalities outside Åland
  elinvoimakeskusId?: string; // municipalities (all, Åland included)
  aland?: boolean; // true for the 16 Åland municipalities
}

// ---------------------------------------------------------------------------
// Elinvoimakeskukset
// ---------------------------------------------------------------------------

export const elinvoimakeskukset: ReferenceOrganisation[] = [
  {
    id: 'evk-uusimaa',
    kind: 'ELINVOIMAKESKUS',
    name: { fi: 'Uudenmaan elinvoimakeskus', sv: 'Livskraftscentralen i Nyland' },
  },
  {
    id: 'evk-lounais-suomi',
    kind: 'ELINVOIMAKESKUS',
    name: { fi: 'Lounais-Suomen elinvoimakeskus', sv: 'Livskraftscentralen i Sydvästra Finland' },
  },
  {
    id: 'evk-kaakkois-suomi',
    kind: 'ELINVOIMAKESKUS',
    name: { fi: 'Kaakkois-Suomen elinvoimakeskus', sv: 'Livskraftscentralen i Sydöstra Finland' },
  },
  {
    id: 'evk-sisa-suomi',
    kind: 'ELINVOIMAKESKUS',
    name: { fi: 'Sisä-Suomen elinvoimakeskus', sv: 'Livskraftscentralen i Inre Finland' },
  },
  {
    id: 'evk-keski-suomi',
    kind: 'ELINVOIMAKESKUS',
    name: { fi: 'Keski-Suomen elinvoimakeskus', sv: 'Livskraftscentralen i Mellersta Finland' },
  },
  {
    id: 'evk-ita-suomi',
    kind: 'ELINVOIMAKESKUS',
    name: { fi: 'Itä-Suomen elinvoimakeskus', sv: 'Livskraftscentralen i Östra Finland' },
  },
  {
    id: 'evk-pohjanmaa',
    kind: 'ELINVOIMAKESKUS',
    name: { fi: 'Pohjanmaan elinvoimakeskus', sv: 'Livskraftscentralen i Österbotten' },
  },
  {
    id: 'evk-pohjois-suomi',
    kind: 'ELINVOIMAKESKUS',
    name: { fi: 'Pohjois-Suomen elinvoimakeskus', sv: 'Livskraftscentralen i Norra Finland' },
  },
  {
    id: 'evk-etela-pohjanmaa',
    kind: 'ELINVOIMAKESKUS',
    name: { fi: 'Etelä-Pohjanmaan elinvoimakeskus', sv: 'Livskraftscentralen i Södra Österbotten' },
  },
  {
    id: 'evk-lappi',
    kind: 'ELINVOIMAKESKUS',
    name: { fi: 'Lapin elinvoimakeskus', sv: 'Livskraftscentralen i Lappland' },
  },
];

// ---------------------------------------------------------------------------
// Welfare areas (hyvinvointialueet) + City of Helsinki
// ---------------------------------------------------------------------------

export const welfareAreas: ReferenceOrganisation[] = [
  {
    id: 'hva-ita-uusimaa',
    kind: 'WELFARE_AREA',
    name: { fi: 'Itä-Uudenmaan hyvinvointialue', sv: 'Östra Nylands välfärdsområde' },
  },
  {
    id: 'hva-keski-uusimaa',
    kind: 'WELFARE_AREA',
    name: { fi: 'Keski-Uudenmaan hyvinvointialue', sv: 'Mellersta Nylands välfärdsområde' },
  },
  {
    id: 'hva-lansi-uusimaa',
    kind: 'WELFARE_AREA',
    name: { fi: 'Länsi-Uudenmaan hyvinvointialue', sv: 'Västra Nylands välfärdsområde' },
  },
  {
    id: 'hva-vantaa-kerava',
    kind: 'WELFARE_AREA',
    name: { fi: 'Vantaan ja Keravan hyvinvointialue', sv: 'Vanda och Kervo välfärdsområde' },
  },
  {
    id: 'hva-helsinki',
    kind: 'WELFARE_AREA',
    name: {
      fi: 'Helsingin kaupunki (sosiaali- ja terveyspalvelut)',
      sv: 'Helsingfors stad (social- och hälsovårdstjänster)',
    },
  },
  {
    id: 'hva-varsinais-suomi',
    kind: 'WELFARE_AREA',
    name: { fi: 'Varsinais-Suomen hyvinvointialue', sv: 'Egentliga Finlands välfärdsområde' },
  },
  {
    id: 'hva-satakunta',
    kind: 'WELFARE_AREA',
    name: { fi: 'Satakunnan hyvinvointialue', sv: 'Satakunta välfärdsområde' },
  },
  {
    id: 'hva-kanta-hame',
    kind: 'WELFARE_AREA',
    name: { fi: 'Kanta-Hämeen hyvinvointialue', sv: 'Egentliga Tavastlands välfärdsområde' },
  },
  {
    id: 'hva-pirkanmaa',
    kind: 'WELFARE_AREA',
    name: { fi: 'Pirkanmaan hyvinvointialue', sv: 'Birkalands välfärdsområde' },
  },
  {
    id: 'hva-paijat-hame',
    kind: 'WELFARE_AREA',
    name: { fi: 'Päijät-Hämeen hyvinvointialue', sv: 'Päijänne-Tavastlands välfärdsområde' },
  },
  {
    id: 'hva-kymenlaakso',
    kind: 'WELFARE_AREA',
    name: { fi: 'Kymenlaakson hyvinvointialue', sv: 'Kymmenedalens välfärdsområde' },
  },
  {
    id: 'hva-etela-karjala',
    kind: 'WELFARE_AREA',
    name: { fi: 'Etelä-Karjalan hyvinvointialue', sv: 'Södra Karelens välfärdsområde' },
  },
  {
    id: 'hva-etela-savo',
    kind: 'WELFARE_AREA',
    name: { fi: 'Etelä-Savon hyvinvointialue', sv: 'Södra Savolax välfärdsområde' },
  },
  {
    id: 'hva-pohjois-savo',
    kind: 'WELFARE_AREA',
    name: { fi: 'Pohjois-Savon hyvinvointialue', sv: 'Norra Savolax välfärdsområde' },
  },
  {
    id: 'hva-pohjois-karjala',
    kind: 'WELFARE_AREA',
    name: { fi: 'Pohjois-Karjalan hyvinvointialue', sv: 'Norra Karelens välfärdsområde' },
  },
  {
    id: 'hva-keski-suomi',
    kind: 'WELFARE_AREA',
    name: { fi: 'Keski-Suomen hyvinvointialue', sv: 'Mellersta Finlands välfärdsområde' },
  },
  {
    id: 'hva-etela-pohjanmaa',
    kind: 'WELFARE_AREA',
    name: { fi: 'Etelä-Pohjanmaan hyvinvointialue', sv: 'Södra Österbottens välfärdsområde' },
  },
  {
    id: 'hva-pohjanmaa',
    kind: 'WELFARE_AREA',
    name: { fi: 'Pohjanmaan hyvinvointialue', sv: 'Österbottens välfärdsområde' },
  },
  {
    id: 'hva-keski-pohjanmaa',
    kind: 'WELFARE_AREA',
    name: { fi: 'Keski-Pohjanmaan hyvinvointialue', sv: 'Mellersta Österbottens välfärdsområde' },
  },
  {
    id: 'hva-pohjois-pohjanmaa',
    kind: 'WELFARE_AREA',
    name: { fi: 'Pohjois-Pohjanmaan hyvinvointialue', sv: 'Norra Österbottens välfärdsområde' },
  },
  {
    id: 'hva-kainuu',
    kind: 'WELFARE_AREA',
    name: { fi: 'Kainuun hyvinvointialue', sv: 'Kajanalands välfärdsområde' },
  },
  {
    id: 'hva-lappi',
    kind: 'WELFARE_AREA',
    name: { fi: 'Lapin hyvinvointialue', sv: 'Lapplands välfärdsområde' },
  },
];

// ---------------------------------------------------------------------------
// National organisations
// ---------------------------------------------------------------------------

export const nationalOrganisations: ReferenceOrganisation[] = [
  { id: 'keha', kind: 'KEHA', name: { fi: 'KEHA-keskus', sv: 'KEHA-centret' } },
  { id: 'migri', kind: 'MIGRI', name: { fi: 'Maahanmuuttovirasto', sv: 'Migrationsverket' } },
  {
    id: 'tem',
    kind: 'TEM',
    name: { fi: 'Työ- ja elinkeinoministeriö', sv: 'Arbets- och näringsministeriet' },
  },
];

// ---------------------------------------------------------------------------
// Municipalities (source data, see header)
// ---------------------------------------------------------------------------

type RegionName =
  | 'Uusimaa'
  | 'Varsinais-Suomi'
  | 'Satakunta'
  | 'Kanta-Häme'
  | 'Pirkanmaa'
  | 'Päijät-Häme'
  | 'Kymenlaakso'
  | 'Etelä-Karjala'
  | 'Etelä-Savo'
  | 'Pohjois-Savo'
  | 'Pohjois-Karjala'
  | 'Keski-Suomi'
  | 'Etelä-Pohjanmaa'
  | 'Pohjanmaa'
  | 'Keski-Pohjanmaa'
  | 'Pohjois-Pohjanmaa'
  | 'Kainuu'
  | 'Lappi'
  | 'Ahvenanmaa';

/** [official 3-digit code, Finnish name, Swedish name] */
type MunicipalityTuple = readonly [code: string, fi: string, sv: string];

interface RegionSource {
  /** Statistics Finland maakunta code (maakunta_1_20260101). */
  regionCode: string;
  region: RegionName;
  municipalities: readonly MunicipalityTuple[];
}

const MUNICIPALITY_SOURCE: readonly RegionSource[] = [
  {
    regionCode: '01',
    region: 'Uusimaa',
    municipalities: [
      ['018', 'Askola', 'Askola'],
      ['049', 'Espoo', 'Esbo'],
      ['078', 'Hanko', 'Hangö'],
      ['091', 'Helsinki', 'Helsingfors'],
      ['106', 'Hyvinkää', 'Hyvinge'],
      ['149', 'Inkoo', 'Ingå'],
      ['186', 'Järvenpää', 'Träskända'],
      ['224', 'Karkkila', 'Högfors'],
      ['235', 'Kauniainen', 'Grankulla'],
      ['245', 'Kerava', 'Kervo'],
      ['257', 'Kirkkonummi', 'Kyrkslätt'],
      ['407', 'Lapinjärvi', 'Lappträsk'],
      ['444', 'Lohja', 'Lojo'],
      ['434', 'Loviisa', 'Lovisa'],
      ['504', 'Myrskylä', 'Mörskom'],
      ['505', 'Mäntsälä', 'Mäntsälä'],
      ['543', 'Nurmijärvi', 'Nurmijärvi'],
      ['611', 'Pornainen', 'Borgnäs'],
      ['638', 'Porvoo', 'Borgå'],
      ['616', 'Pukkila', 'Pukkila'],
      ['710', 'Raasepori', 'Raseborg'],
      ['753', 'Sipoo', 'Sibbo'],
      ['755', 'Siuntio', 'Sjundeå'],
      ['858', 'Tuusula', 'Tusby'],
      ['092', 'Vantaa', 'Vanda'],
      ['927', 'Vihti', 'Vichtis'],
    ],
  },
  {
    regionCode: '02',
    region: 'Varsinais-Suomi',
    municipalities: [
      ['019', 'Aura', 'Aura'],
      ['202', 'Kaarina', 'S:t Karins'],
      ['322', 'Kemiönsaari', 'Kimitoön'],
      ['284', 'Koski Tl', 'Koskis'],
      ['304', 'Kustavi', 'Gustavs'],
      ['400', 'Laitila', 'Letala'],
      ['423', 'Lieto', 'Lundo'],
      ['430', 'Loimaa', 'Loimaa'],
      ['480', 'Marttila', 'S:t Mårtens'],
      ['481', 'Masku', 'Masku'],
      ['503', 'Mynämäki', 'Virmo'],
      ['529', 'Naantali', 'Nådendal'],
      ['538', 'Nousiainen', 'Nousis'],
      ['561', 'Oripää', 'Oripää'],
      ['577', 'Paimio', 'Pemar'],
      ['445', 'Parainen', 'Pargas'],
      ['631', 'Pyhäranta', 'Pyhäranta'],
      ['636', 'Pöytyä', 'Pöytyä'],
      ['680', 'Raisio', 'Reso'],
      ['704', 'Rusko', 'Rusko'],
      ['734', 'Salo', 'Salo'],
      ['738', 'Sauvo', 'Sagu'],
      ['761', 'Somero', 'Somero'],
      ['833', 'Taivassalo', 'Tövsala'],
      ['853', 'Turku', 'Åbo'],
      ['895', 'Uusikaupunki', 'Nystad'],
      ['918', 'Vehmaa', 'Vemo'],
    ],
  },
  {
    regionCode: '04',
    region: 'Satakunta',
    municipalities: [
      ['050', 'Eura', 'Eura'],
      ['051', 'Eurajoki', 'Euraåminne'],
      ['079', 'Harjavalta', 'Harjavalta'],
      ['102', 'Huittinen', 'Vittis'],
      ['181', 'Jämijärvi', 'Jämijärvi'],
      ['214', 'Kankaanpää', 'Kankaanpää'],
      ['230', 'Karvia', 'Karvia'],
      ['271', 'Kokemäki', 'Kumo'],
      ['484', 'Merikarvia', 'Sastmola'],
      ['531', 'Nakkila', 'Nakkila'],
      ['608', 'Pomarkku', 'Påmark'],
      ['609', 'Pori', 'Björneborg'],
      ['684', 'Rauma', 'Raumo'],
      ['747', 'Siikainen', 'Siikais'],
      ['783', 'Säkylä', 'Säkylä'],
      ['886', 'Ulvila', 'Ulvsby'],
    ],
  },
  {
    regionCode: '05',
    region: 'Kanta-Häme',
    municipalities: [
      ['061', 'Forssa', 'Forssa'],
      ['082', 'Hattula', 'Hattula'],
      ['086', 'Hausjärvi', 'Hausjärvi'],
      ['103', 'Humppila', 'Humppila'],
      ['109', 'Hämeenlinna', 'Tavastehus'],
      ['165', 'Janakkala', 'Janakkala'],
      ['169', 'Jokioinen', 'Jockis'],
      ['433', 'Loppi', 'Loppi'],
      ['694', 'Riihimäki', 'Riihimäki'],
      ['834', 'Tammela', 'Tammela'],
      ['981', 'Ypäjä', 'Ypäjä'],
    ],
  },
  {
    regionCode: '06',
    region: 'Pirkanmaa',
    municipalities: [
      ['020', 'Akaa', 'Ackas'],
      ['108', 'Hämeenkyrö', 'Tavastkyro'],
      ['143', 'Ikaalinen', 'Ikalis'],
      ['177', 'Juupajoki', 'Juupajoki'],
      ['211', 'Kangasala', 'Kangasala'],
      ['250', 'Kihniö', 'Kihniö'],
      ['291', 'Kuhmoinen', 'Kuhmois'],
      ['418', 'Lempäälä', 'Lempäälä'],
      ['508', 'Mänttä-Vilppula', 'Mänttä-Vilppula'],
      ['536', 'Nokia', 'Nokia'],
      ['562', 'Orivesi', 'Orivesi'],
      ['581', 'Parkano', 'Parkano'],
      ['604', 'Pirkkala', 'Birkala'],
      ['619', 'Punkalaidun', 'Punkalaidun'],
      ['635', 'Pälkäne', 'Pälkäne'],
      ['702', 'Ruovesi', 'Ruovesi'],
      ['790', 'Sastamala', 'Sastamala'],
      ['837', 'Tampere', 'Tammerfors'],
      ['887', 'Urjala', 'Urjala'],
      ['908', 'Valkeakoski', 'Valkeakoski'],
      ['922', 'Vesilahti', 'Vesilahti'],
      ['936', 'Virrat', 'Virdois'],
      ['980', 'Ylöjärvi', 'Ylöjärvi'],
    ],
  },
  {
    regionCode: '07',
    region: 'Päijät-Häme',
    municipalities: [
      ['016', 'Asikkala', 'Asikkala'],
      ['081', 'Hartola', 'Gustav Adolfs'],
      ['111', 'Heinola', 'Heinola'],
      ['098', 'Hollola', 'Hollola'],
      ['142', 'Iitti', 'Itis'],
      ['316', 'Kärkölä', 'Kärkölä'],
      ['398', 'Lahti', 'Lahtis'],
      ['560', 'Orimattila', 'Orimattila'],
      ['576', 'Padasjoki', 'Padasjoki'],
      ['781', 'Sysmä', 'Sysmä'],
    ],
  },
  {
    regionCode: '08',
    region: 'Kymenlaakso',
    municipalities: [
      ['075', 'Hamina', 'Fredrikshamn'],
      ['285', 'Kotka', 'Kotka'],
      ['286', 'Kouvola', 'Kouvola'],
      ['489', 'Miehikkälä', 'Miehikkälä'],
      ['624', 'Pyhtää', 'Pyttis'],
      ['935', 'Virolahti', 'Vederlax'],
    ],
  },
  {
    regionCode: '09',
    region: 'Etelä-Karjala',
    municipalities: [
      ['153', 'Imatra', 'Imatra'],
      ['405', 'Lappeenranta', 'Villmanstrand'],
      ['416', 'Lemi', 'Lemi'],
      ['441', 'Luumäki', 'Luumäki'],
      ['580', 'Parikkala', 'Parikkala'],
      ['689', 'Rautjärvi', 'Rautjärvi'],
      ['700', 'Ruokolahti', 'Ruokolax'],
      ['739', 'Savitaipale', 'Savitaipale'],
      ['831', 'Taipalsaari', 'Taipalsaari'],
    ],
  },
  {
    regionCode: '10',
    region: 'Etelä-Savo',
    municipalities: [
      ['046', 'Enonkoski', 'Enonkoski'],
      ['097', 'Hirvensalmi', 'Hirvensalmi'],
      ['178', 'Juva', 'Juva'],
      ['213', 'Kangasniemi', 'Kangasniemi'],
      ['491', 'Mikkeli', 'S:t Michel'],
      ['507', 'Mäntyharju', 'Mäntyharju'],
      ['593', 'Pieksämäki', 'Pieksämäki'],
      ['623', 'Puumala', 'Puumala'],
      ['681', 'Rantasalmi', 'Rantasalmi'],
      ['740', 'Savonlinna', 'Nyslott'],
      ['768', 'Sulkava', 'Sulkava'],
    ],
  },
  {
    regionCode: '11',
    region: 'Pohjois-Savo',
    municipalities: [
      ['140', 'Iisalmi', 'Idensalmi'],
      ['171', 'Joroinen', 'Jorois'],
      ['204', 'Kaavi', 'Kaavi'],
      ['239', 'Keitele', 'Keitele'],
      ['263', 'Kiuruvesi', 'Kiuruvesi'],
      ['297', 'Kuopio', 'Kuopio'],
      ['402', 'Lapinlahti', 'Lapinlahti'],
      ['420', 'Leppävirta', 'Leppävirta'],
      ['595', 'Pielavesi', 'Pielavesi'],
      ['686', 'Rautalampi', 'Rautalampi'],
      ['687', 'Rautavaara', 'Rautavaara'],
      ['749', 'Siilinjärvi', 'Siilinjärvi'],
      ['762', 'Sonkajärvi', 'Sonkajärvi'],
      ['778', 'Suonenjoki', 'Suonenjoki'],
      ['844', 'Tervo', 'Tervo'],
      ['857', 'Tuusniemi', 'Tuusniemi'],
      ['915', 'Varkaus', 'Varkaus'],
      ['921', 'Vesanto', 'Vesanto'],
      ['925', 'Vieremä', 'Vieremä'],
    ],
  },
  {
    regionCode: '12',
    region: 'Pohjois-Karjala',
    municipalities: [
      ['090', 'Heinävesi', 'Heinävesi'],
      ['146', 'Ilomantsi', 'Ilomants'],
      ['167', 'Joensuu', 'Joensuu'],
      ['176', 'Juuka', 'Juga'],
      ['260', 'Kitee', 'Kides'],
      ['276', 'Kontiolahti', 'Kontiolax'],
      ['422', 'Lieksa', 'Lieksa'],
      ['426', 'Liperi', 'Libelits'],
      ['541', 'Nurmes', 'Nurmes'],
      ['309', 'Outokumpu', 'Outokumpu'],
      ['607', 'Polvijärvi', 'Polvijärvi'],
      ['707', 'Rääkkylä', 'Rääkkylä'],
      ['848', 'Tohmajärvi', 'Tohmajärvi'],
    ],
  },
  {
    regionCode: '13',
    region: 'Keski-Suomi',
    municipalities: [
      ['077', 'Hankasalmi', 'Hankasalmi'],
      ['172', 'Joutsa', 'Joutsa'],
      ['179', 'Jyväskylä', 'Jyväskylä'],
      ['182', 'Jämsä', 'Jämsä'],
      ['216', 'Kannonkoski', 'Kannonkoski'],
      ['226', 'Karstula', 'Karstula'],
      ['249', 'Keuruu', 'Keuru'],
      ['256', 'Kinnula', 'Kinnula'],
      ['265', 'Kivijärvi', 'Kivijärvi'],
      ['275', 'Konnevesi', 'Konnevesi'],
      ['312', 'Kyyjärvi', 'Kyyjärvi'],
      ['410', 'Laukaa', 'Laukas'],
      ['435', 'Luhanka', 'Luhanka'],
      ['495', 'Multia', 'Multia'],
      ['500', 'Muurame', 'Muurame'],
      ['592', 'Petäjävesi', 'Petäjävesi'],
      ['601', 'Pihtipudas', 'Pihtipudas'],
      ['729', 'Saarijärvi', 'Saarijärvi'],
      ['850', 'Toivakka', 'Toivakka'],
      ['892', 'Uurainen', 'Uurainen'],
      ['931', 'Viitasaari', 'Viitasaari'],
      ['992', 'Äänekoski', 'Äänekoski'],
    ],
  },
  {
    regionCode: '14',
    region: 'Etelä-Pohjanmaa',
    municipalities: [
      ['005', 'Alajärvi', 'Alajärvi'],
      ['010', 'Alavus', 'Alavo'],
      ['052', 'Evijärvi', 'Evijärvi'],
      ['145', 'Ilmajoki', 'Ilmola'],
      ['151', 'Isojoki', 'Storå'],
      ['152', 'Isokyrö', 'Storkyro'],
      ['218', 'Karijoki', 'Bötom'],
      ['232', 'Kauhajoki', 'Kauhajoki'],
      ['233', 'Kauhava', 'Kauhava'],
      ['300', 'Kuortane', 'Kuortane'],
      ['301', 'Kurikka', 'Kurikka'],
      ['403', 'Lappajärvi', 'Lappajärvi'],
      ['408', 'Lapua', 'Lappo'],
      ['743', 'Seinäjoki', 'Seinäjoki'],
      ['759', 'Soini', 'Soini'],
      ['846', 'Teuva', 'Östermark'],
      ['934', 'Vimpeli', 'Vindala'],
      ['989', 'Ähtäri', 'Etseri'],
    ],
  },
  {
    regionCode: '15',
    region: 'Pohjanmaa',
    municipalities: [
      ['231', 'Kaskinen', 'Kaskö'],
      ['280', 'Korsnäs', 'Korsnäs'],
      ['287', 'Kristiinankaupunki', 'Kristinestad'],
      ['288', 'Kruunupyy', 'Kronoby'],
      ['399', 'Laihia', 'Laihela'],
      ['440', 'Luoto', 'Larsmo'],
      ['475', 'Maalahti', 'Malax'],
      ['499', 'Mustasaari', 'Korsholm'],
      ['545', 'Närpiö', 'Närpes'],
      ['599', 'Pedersören kunta', 'Pedersöre'],
      ['598', 'Pietarsaari', 'Jakobstad'],
      ['893', 'Uusikaarlepyy', 'Nykarleby'],
      ['905', 'Vaasa', 'Vasa'],
      ['946', 'Vöyri', 'Vörå'],
    ],
  },
  {
    regionCode: '16',
    region: 'Keski-Pohjanmaa',
    municipalities: [
      ['074', 'Halsua', 'Halso'],
      ['217', 'Kannus', 'Kannus'],
      ['236', 'Kaustinen', 'Kaustby'],
      ['272', 'Kokkola', 'Karleby'],
      ['421', 'Lestijärvi', 'Lestijärvi'],
      ['584', 'Perho', 'Perho'],
      ['849', 'Toholampi', 'Toholampi'],
      ['924', 'Veteli', 'Vetil'],
    ],
  },
  {
    regionCode: '17',
    region: 'Pohjois-Pohjanmaa',
    municipalities: [
      ['009', 'Alavieska', 'Alavieska'],
      ['069', 'Haapajärvi', 'Haapajärvi'],
      ['071', 'Haapavesi', 'Haapavesi'],
      ['072', 'Hailuoto', 'Karlö'],
      ['139', 'Ii', 'Ijo'],
      ['208', 'Kalajoki', 'Kalajoki'],
      ['244', 'Kempele', 'Kempele'],
      ['305', 'Kuusamo', 'Kuusamo'],
      ['317', 'Kärsämäki', 'Kärsämäki'],
      ['425', 'Liminka', 'Limingo'],
      ['436', 'Lumijoki', 'Lumijoki'],
      ['483', 'Merijärvi', 'Merijärvi'],
      ['494', 'Muhos', 'Muhos'],
      ['535', 'Nivala', 'Nivala'],
      ['563', 'Oulainen', 'Oulainen'],
      ['564', 'Oulu', 'Uleåborg'],
      ['615', 'Pudasjärvi', 'Pudasjärvi'],
      ['625', 'Pyhäjoki', 'Pyhäjoki'],
      ['626', 'Pyhäjärvi', 'Pyhäjärvi'],
      ['630', 'Pyhäntä', 'Pyhäntä'],
      ['678', 'Raahe', 'Brahestad'],
      ['691', 'Reisjärvi', 'Reisjärvi'],
      ['746', 'Sievi', 'Sievi'],
      ['748', 'Siikajoki', 'Siikajoki'],
      ['791', 'Siikalatva', 'Siikalatva'],
      ['832', 'Taivalkoski', 'Taivalkoski'],
      ['859', 'Tyrnävä', 'Tyrnävä'],
      ['889', 'Utajärvi', 'Utajärvi'],
      ['785', 'Vaala', 'Vaala'],
      ['977', 'Ylivieska', 'Ylivieska'],
    ],
  },
  {
    regionCode: '18',
    region: 'Kainuu',
    municipalities: [
      ['105', 'Hyrynsalmi', 'Hyrynsalmi'],
      ['205', 'Kajaani', 'Kajana'],
      ['290', 'Kuhmo', 'Kuhmo'],
      ['578', 'Paltamo', 'Paltamo'],
      ['620', 'Puolanka', 'Puolanka'],
      ['697', 'Ristijärvi', 'Ristijärvi'],
      ['765', 'Sotkamo', 'Sotkamo'],
      ['777', 'Suomussalmi', 'Suomussalmi'],
    ],
  },
  {
    regionCode: '19',
    region: 'Lappi',
    municipalities: [
      ['047', 'Enontekiö', 'Enontekis'],
      ['148', 'Inari', 'Enare'],
      ['240', 'Kemi', 'Kemi'],
      ['320', 'Kemijärvi', 'Kemijärvi'],
      ['241', 'Keminmaa', 'Keminmaa'],
      ['261', 'Kittilä', 'Kittilä'],
      ['273', 'Kolari', 'Kolari'],
      ['498', 'Muonio', 'Muonio'],
      ['583', 'Pelkosenniemi', 'Pelkosenniemi'],
      ['854', 'Pello', 'Pello'],
      ['614', 'Posio', 'Posio'],
      ['683', 'Ranua', 'Ranua'],
      ['698', 'Rovaniemi', 'Rovaniemi'],
      ['732', 'Salla', 'Salla'],
      ['742', 'Savukoski', 'Savukoski'],
      ['751', 'Simo', 'Simo'],
      ['758', 'Sodankylä', 'Sodankylä'],
      ['845', 'Tervola', 'Tervola'],
      ['851', 'Tornio', 'Torneå'],
      ['890', 'Utsjoki', 'Utsjoki'],
      ['976', 'Ylitornio', 'Övertorneå'],
    ],
  },
  {
    regionCode: '21',
    region: 'Ahvenanmaa',
    municipalities: [
      ['035', 'Brändö', 'Brändö'],
      ['043', 'Eckerö', 'Eckerö'],
      ['060', 'Finström', 'Finström'],
      ['062', 'Föglö', 'Föglö'],
      ['065', 'Geta', 'Geta'],
      ['076', 'Hammarland', 'Hammarland'],
      ['170', 'Jomala', 'Jomala'],
      ['295', 'Kumlinge', 'Kumlinge'],
      ['318', 'Kökar', 'Kökar'],
      ['417', 'Lemland', 'Lemland'],
      ['438', 'Lumparland', 'Lumparland'],
      ['478', 'Maarianhamina', 'Mariehamn'],
      ['736', 'Saltvik', 'Saltvik'],
      ['766', 'Sottunga', 'Sottunga'],
      ['771', 'Sund', 'Sund'],
      ['941', 'Vårdö', 'Vårdö'],
    ],
  },
];

// ---------------------------------------------------------------------------
// Mapping rules
// ---------------------------------------------------------------------------

/** Welfare area by region; Uusimaa is resolved per municipality (see below), Åland has none. */
const WELFARE_AREA_BY_REGION: Readonly<Record<Exclude<RegionName, 'Uusimaa' | 'Ahvenanmaa'>, string>> = {
  'Varsinais-Suomi': 'hva-varsinais-suomi',
  Satakunta: 'hva-satakunta',
  'Kanta-Häme': 'hva-kanta-hame',
  Pirkanmaa: 'hva-pirkanmaa',
  'Päijät-Häme': 'hva-paijat-hame',
  Kymenlaakso: 'hva-kymenlaakso',
  'Etelä-Karjala': 'hva-etela-karjala',
  'Etelä-Savo': 'hva-etela-savo',
  'Pohjois-Savo': 'hva-pohjois-savo',
  'Pohjois-Karjala': 'hva-pohjois-karjala',
  'Keski-Suomi': 'hva-keski-suomi',
  'Etelä-Pohjanmaa': 'hva-etela-pohjanmaa',
  Pohjanmaa: 'hva-pohjanmaa',
  'Keski-Pohjanmaa': 'hva-keski-pohjanmaa',
  'Pohjois-Pohjanmaa': 'hva-pohjois-pohjanmaa',
  Kainuu: 'hva-kainuu',
  Lappi: 'hva-lappi',
};

/** Uusimaa: welfare area by municipality code (act 615/2021). */
const UUSIMAA_WELFARE_AREA_BY_CODE: Readonly<Record<string, string>> = {
  // Helsinki (the city itself organises the services)
  '091': 'hva-helsinki',
  // Vantaa and Kerava
  '092': 'hva-vantaa-kerava', // Vantaa
  '245': 'hva-vantaa-kerava', // Kerava
  // Itä-Uusimaa
  '638': 'hva-ita-uusimaa', // Porvoo
  '434': 'hva-ita-uusimaa', // Loviisa
  '753': 'hva-ita-uusimaa', // Sipoo
  '018': 'hva-ita-uusimaa', // Askola
  '504': 'hva-ita-uusimaa', // Myrskylä
  '616': 'hva-ita-uusimaa', // Pukkila
  '407': 'hva-ita-uusimaa', // Lapinjärvi
  // Keski-Uusimaa
  '106': 'hva-keski-uusimaa', // Hyvinkää
  '186': 'hva-keski-uusimaa', // Järvenpää
  '505': 'hva-keski-uusimaa', // Mäntsälä
  '543': 'hva-keski-uusimaa', // Nurmijärvi
  '611': 'hva-keski-uusimaa', // Pornainen
  '858': 'hva-keski-uusimaa', // Tuusula
  // Länsi-Uusimaa
  '049': 'hva-lansi-uusimaa', // Espoo
  '078': 'hva-lansi-uusimaa', // Hanko
  '149': 'hva-lansi-uusimaa', // Inkoo
  '224': 'hva-lansi-uusimaa', // Karkkila
  '235': 'hva-lansi-uusimaa', // Kauniainen
  '257': 'hva-lansi-uusimaa', // Kirkkonummi
  '444': 'hva-lansi-uusimaa', // Lohja
  '710': 'hva-lansi-uusimaa', // Raasepori
  '755': 'hva-lansi-uusimaa', // Siuntio
  '927': 'hva-lansi-uusimaa', // Vihti
};

/** Elinvoimakeskus by region (act 531/2025). Åland → Lounais-Suomi is a project decision (see header). */
const ELINVOIMAKESKUS_BY_REGION: Readonly<Record<RegionName, string>> = {
  Uusimaa: 'evk-uusimaa',
  'Varsinais-Suomi': 'evk-lounais-suomi',
  Satakunta: 'evk-lounais-suomi',
  Kymenlaakso: 'evk-kaakkois-suomi',
  'Etelä-Karjala': 'evk-kaakkois-suomi',
  'Päijät-Häme': 'evk-kaakkois-suomi',
  Pirkanmaa: 'evk-sisa-suomi',
  'Kanta-Häme': 'evk-sisa-suomi',
  'Keski-Suomi': 'evk-keski-suomi',
  'Pohjois-Savo': 'evk-ita-suomi',
  'Etelä-Savo': 'evk-ita-suomi',
  'Pohjois-Karjala': 'evk-ita-suomi',
  Pohjanmaa: 'evk-pohjanmaa',
  'Keski-Pohjanmaa': 'evk-pohjanmaa',
  'Pohjois-Pohjanmaa': 'evk-pohjois-suomi',
  Kainuu: 'evk-pohjois-suomi',
  'Etelä-Pohjanmaa': 'evk-etela-pohjanmaa',
  Lappi: 'evk-lappi',
  Ahvenanmaa: 'evk-lounais-suomi',
};

function welfareAreaFor(region: RegionName, code: string): string | undefined {
  if (region === 'Ahvenanmaa') return undefined;
  if (region === 'Uusimaa') {
    const id = UUSIMAA_WELFARE_AREA_BY_CODE[code];
    if (id === undefined) {
      throw new Error(`referenceData: Uusimaa municipality ${code} has no welfare area mapping`);
    }
    return id;
  }
  return WELFARE_AREA_BY_REGION[region];
}

function toMunicipality(region: RegionName, [code, fi, sv]: MunicipalityTuple): ReferenceOrganisation {
  const aland = region === 'Ahvenanmaa';
  const org: ReferenceOrganisation = {
    id: `kunta-${code}`,
    kind: 'MUNICIPALITY',
    name: sv !== fi ? { fi, sv } : { fi },
    municipalityCode: code,
    elinvoimakeskusId: ELINVOIMAKESKUS_BY_REGION[region],
  };
  const welfareAreaId = welfareAreaFor(region, code);
  if (welfareAreaId !== undefined) org.welfareAreaId = welfareAreaId;
  if (aland) org.aland = true;
  return org;
}

export const municipalities: ReferenceOrganisation[] = MUNICIPALITY_SOURCE.flatMap((r) =>
  r.municipalities.map((m) => toMunicipality(r.region, m)),
).sort((a, b) => (a.municipalityCode ?? '').localeCompare(b.municipalityCode ?? ''));

export const referenceOrganisations: ReferenceOrganisation[] = [
  ...elinvoimakeskukset,
  ...welfareAreas,
  ...nationalOrganisations,
  ...municipalities,
];

// ---------------------------------------------------------------------------
// Slugs
// ---------------------------------------------------------------------------

/**
 * Documents how the ASCII slugs above are formed, e.g.
 *   slugify('Itä-Uusimaa')  === 'ita-uusimaa'   → 'hva-ita-uusimaa'
 *   slugify('Sisä-Suomi')   === 'sisa-suomi'    → 'evk-sisa-suomi'
 * ä → a, ö → o, å → a, lowercase, whitespace → '-', other characters dropped.
 */
export function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[äå]/g, 'a')
    .replace(/ö/g, 'o')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .trim()
    .replace(/\s+/g, '-')
    .replace(/[^a-z0-9-]/g, '')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
}
