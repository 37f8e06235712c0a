/** Guesses whether a column holds personal data (AVG/GDPR), by its name and by its values. */
import type { Column } from '../../schemas/contract';

export interface PersonalGuess {
  personal_data: Column['personal_data'];
  privacy: NonNullable<Column['privacy']>;
  /** What it looks like, for the YAML comment: "a name", "an e-mail address". */
  what: string;
}

// Names that end in "naam" but are not people: streets, places, trees, files.
const notAPerson =
  /(straat|gemeente|buurt|wijk|plaats|woonplaats|boom|soort|bestand|file|object|project|organisatie|bedrijf|school|dataset|kolom|column|locatie|gebied|product|merk|type|tabel|table|categorie|rubriek|dienst|afdeling|team|weg|openbare_?ruimte)_?(naam|name)/;

const byName: { re: RegExp; guess: PersonalGuess }[] = [
  { re: /(^|_)(bsn|burgerservicenummer|sofinummer|sofi_?nr)($|_)/, guess: { personal_data: 'direct', privacy: 'pseudonymise', what: 'a BSN' } },
  { re: /(^|_)(e_?mail|email_?adres|mail|mailadres)($|_)/, guess: { personal_data: 'direct', privacy: 'drop', what: 'an e-mail address' } },
  { re: /(^|_)(telefoon\w*|tel|tel_?nr|telnr|phone\w*|mobiel\w*|gsm)($|_)/, guess: { personal_data: 'direct', privacy: 'drop', what: 'a phone number' } },
  { re: /(^|_)(iban|rekeningnummer|rekening_?nr|bankrekening\w*)($|_)/, guess: { personal_data: 'direct', privacy: 'drop', what: 'a bank account number' } },
  { re: /(^|_)(geboortedatum|geb_?datum|birth_?date|date_?of_?birth|dob|birthday)($|_)/, guess: { personal_data: 'indirect', privacy: 'drop', what: 'a date of birth' } },
  { re: /(^|_)(kenteken\w*|licen[cs]e_?plate|licen[cs]e|number_?plate)($|_)/, guess: { personal_data: 'indirect', privacy: 'pseudonymise', what: 'a licence plate' } },
  { re: /(^|_)(huisnummer\w*|huisnr|huis_?nr|house_?number|huisletter|toevoeging)($|_)/, guess: { personal_data: 'indirect', privacy: 'drop', what: 'a house number' } },
  { re: /(^|_)(straat\w*|street\w*)($|_)/, guess: { personal_data: 'indirect', privacy: 'keep', what: 'a street name' } },
  { re: /(^|_)(adres\w*|address\w*|woonadres|postadres)($|_)/, guess: { personal_data: 'indirect', privacy: 'pseudonymise', what: 'an address' } },
  { re: /(^|_)(postcode|post_?code|zip|zip_?code|pc6)($|_)/, guess: { personal_data: 'indirect', privacy: 'generalise', what: 'a postcode' } },
  {
    re: /(^|_)(naam|name|voornaam|achternaam|roepnaam|voorletters|tussenvoegsel|geslachtsnaam|surname|first_?name|last_?name|full_?name|given_?name|contactpersoon|aanvrager|melder|bewoner|eigenaar)($|_)|(voor|achter|roep|geslachts|volledige_?)naam$/,
    guess: { personal_data: 'direct', privacy: 'drop', what: 'a name' },
  },
];

const emailRe = /^[^\s@]+@[^\s@]+\.[a-z]{2,}$/i;
const ibanRe = /^NL\d{2}[A-Z]{4}\d{10}$/i;
const phoneRe = /^(\+31|0031|0)[ -]?[1-9]([ -]?\d){8}$/;

/** The 11-test (elfproef) of a Dutch BSN. */
export function isBsn(value: string): boolean {
  if (!/^\d{9}$/.test(value)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(value[i]) * (9 - i);
  sum -= Number(value[8]);
  return sum % 11 === 0 && value !== '000000000';
}

export function guessPersonal(name: string, values: readonly string[], postcodeType: boolean): PersonalGuess | undefined {
  const all = (test: (v: string) => boolean) => values.length > 0 && values.every(test);
  if (all((v) => emailRe.test(v))) return { personal_data: 'direct', privacy: 'drop', what: 'an e-mail address' };
  if (all((v) => ibanRe.test(v.replace(/\s/g, '')))) return { personal_data: 'direct', privacy: 'drop', what: 'a bank account number' };
  if (values.length >= 5 && all(isBsn)) return { personal_data: 'direct', privacy: 'pseudonymise', what: 'a BSN (the values pass the 11-test)' };
  if (!notAPerson.test(name)) {
    for (const { re, guess } of byName) {
      if (!re.test(name)) continue;
      if (guess.privacy === 'generalise' && !postcodeType) return { ...guess, privacy: 'pseudonymise' };
      return guess;
    }
  } else if (/(^|_)straat/.test(name)) {
    return { personal_data: 'indirect', privacy: 'keep', what: 'a street name' };
  }
  if (all((v) => phoneRe.test(v))) return { personal_data: 'direct', privacy: 'drop', what: 'a phone number' };
  if (postcodeType) return { personal_data: 'indirect', privacy: 'generalise', what: 'a postcode' };
  return undefined;
}

/** Free-text columns where people often write names or addresses. */
export function isFreeText(name: string): boolean {
  return /(opmerk|toelicht|remark|comment|notitie|note|memo|omschrijving|beschrijving|description|melding)/.test(name);
}
