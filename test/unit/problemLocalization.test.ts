import { localizeMessage } from '../../api/localization';

describe('problem details in the caller’s language', () => {
  it.each([
    [
      'must not be in the future',
      'Päivämäärä ei voi olla tulevaisuudessa',
      'Datumet får inte vara i framtiden',
    ],
    [
      'Invalid input: expected string, received undefined',
      'Pakollinen tieto puuttuu',
      'Obligatorisk uppgift saknas',
    ],
    [
      'not a valid personal identity code: check character does not match',
      'Henkilötunnus ei kelpaa',
      'Personbeteckningen är inte giltig',
    ],
    ['Too big: expected string to have <=200 characters', 'Enintään 200 merkkiä', 'Högst 200 tecken'],
    [
      'cannot answer a proposal in status ACCEPTED',
      'Toimenpide ei ole mahdollinen esityksen nykyisessä tilassa',
      'Åtgärden är inte möjlig i förslagets nuvarande status',
    ],
    [
      'not an officer of the client’s municipality',
      'Henkilö ei ole asiakkaan kunnan virkailija',
      'Personen är inte handläggare i klientens kommun',
    ],
    [
      'must not contain a personal identity code',
      'Ei saa sisältää henkilötunnusta',
      'Får inte innehålla en personbeteckning',
    ],
    [
      'the database cannot be reached right now: retry later with the same Idempotency-Key',
      'Palvelu ei ole juuri nyt käytettävissä. Yritä hetken kuluttua uudelleen.',
      'Tjänsten är inte tillgänglig just nu. Försök igen om en stund.',
    ],
  ])('%s', (english, fi, sv) => {
    expect(localizeMessage(english, 'fi')).toBe(fi);
    expect(localizeMessage(english, 'sv')).toBe(sv);
    expect(localizeMessage(english, 'en')).toBe(english);
  });

  it('keeps a message it has no translation for', () => {
    expect(localizeMessage('something new', 'fi')).toBe('something new');
  });
});
