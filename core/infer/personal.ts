/**
 * Guesses whether a column holds personal data (AVG/GDPR), from its name and its values together: a column called
 * `naam` holding "Gemeente Amsterdam" or "Quiet room near the park" is not a person's name; `BU_NAAM` is a
 * neighbourhood; `host_id` identifies a person; a rental licence number is not a licence plate.
 */
import type { Column, ColumnType } from '../../schemas/contract';
import { say, type Texts } from '../worded-error';
import { isBsn, isEmail, isHouseNumber, isIban, isKenteken, isPhoneNl } from '../privacy/identifiers';

export { isBsn } from '../privacy/identifiers';

export interface PersonalGuess {
  personal_data: Column['personal_data'];
  privacy: NonNullable<Column['privacy']>;
  /** What it looks like, for the YAML comment in either language: "a name" / "een naam". */
  what: Texts;
}

/** Places and organisations: CBS area names (BU_NAAM, GM_NAAM), districts, municipalities, streets as areas. */
const placeName =
  /(^|_)(bu|wk|gm|pv|buurt\w*|wijk\w*|gemeente\w*|stadsdeel\w*|plaats|woonplaats|provincie|regio|gebied\w*|neighbou?rhoods?\w*|neighborhoods?\w*|district\w*|city|municipality|borough|area|region|stad|dorp|kern)(_?(naam|name|omschrijving|label))?($|_)/;

// Names that end in "naam" but are not people: streets, places, trees, files.
const notAPerson =
  /(straat|gemeente|buurt|wijk|plaats|woonplaats|boom|soort|bestand|file|object|project|organisatie|bedrijf|school|dataset|kolom|column|locatie|gebied|product|merk|type|tabel|table|categorie|rubriek|dienst|afdeling|team|weg|openbare_?ruimte|room|listing|property|accommodat\w*|hotel|title|titel)_?(naam|name)/;

/** Identifiers of persons: a host's, a client's, a resident's number. */
const personId =
  /(^|_)(host|owner|eigenaar|klant|client|cli[eë]nt|customer|patient|pati[eë]nt|person|persoon|bewoner|burger|inwoner|user|gebruiker|member|lid|aanvrager|melder|medewerker|employee|student|leerling|reviewer|huurder|tenant|verhuurder|landlord|kind|relatie)_?(id|nr|nummer|number|no|key|code)($|_)/;

const personName =
  /(^|_)(naam|name|voornaam|achternaam|roepnaam|voorletters|tussenvoegsel|geslachtsnaam|surname|first_?name|last_?name|full_?name|given_?name|contactpersoon|aanvrager|melder|bewoner|eigenaar|owner|host|huurder|verhuurder)($|_)|(voor|achter|roep|geslachts|volledige_?)naam$/;

const byName: { re: RegExp; guess: PersonalGuess }[] = [
  { re: /(^|_)(bsn|burgerservicenummer|sofinummer|sofi_?nr)($|_)/, guess: { personal_data: 'direct', privacy: 'pseudonymise', what: say('a BSN', 'een BSN') } },
  { re: /(^|_)(e_?mail\w*|mail|mailadres)($|_)/, guess: { personal_data: 'direct', privacy: 'drop', what: say('an e-mail address', 'een e-mailadres') } },
  { re: /(^|_)(telefoon\w*|tel|tel_?nr|telnr|phone\w*|mobiel\w*|gsm)($|_)/, guess: { personal_data: 'direct', privacy: 'drop', what: say('a phone number', 'een telefoonnummer') } },
  { re: /(^|_)(iban|rekeningnummer|rekening_?nr|bankrekening\w*)($|_)/, guess: { personal_data: 'direct', privacy: 'drop', what: say('a bank account number', 'een bankrekeningnummer') } },
  { re: personId, guess: { personal_data: 'direct', privacy: 'pseudonymise', what: say("a person's identifier", 'een nummer dat naar een persoon wijst') } },
  { re: /(^|_)(geboortedatum|geb_?datum|geboortejaar|birth_?date|date_?of_?birth|dob|birthday)($|_)/, guess: { personal_data: 'indirect', privacy: 'drop', what: say('a date of birth', 'een geboortedatum') } },
  { re: /(^|_)(kenteken\w*|licen[cs]e_?plate|number_?plate|plate)($|_)/, guess: { personal_data: 'indirect', privacy: 'pseudonymise', what: say('a licence plate', 'een kenteken') } },
  {
    re: /(^|_)(licen[cs]e\w*|vergunning\w*|registratie_?(nummer|nr)|registration\w*|permit\w*)($|_)/,
    guess: {
      personal_data: 'indirect',
      privacy: 'pseudonymise',
      what: say('a licence or registration number (leads to a person or an address)', 'een vergunnings- of registratienummer (leidt naar een persoon of een adres)'),
    },
  },
  { re: /(^|_)(huisnummer\w*|huisnr|huis_?nr|house_?number|huisletter|toevoeging)($|_)/, guess: { personal_data: 'indirect', privacy: 'drop', what: say('a house number', 'een huisnummer') } },
  { re: /(^|_)(straat\w*|street\w*)($|_)/, guess: { personal_data: 'indirect', privacy: 'keep', what: say('a street name', 'een straatnaam') } },
  { re: /(^|_)(adres\w*|address\w*|woonadres|postadres)($|_)/, guess: { personal_data: 'indirect', privacy: 'pseudonymise', what: say('an address', 'een adres') } },
  { re: /(^|_)(postcode|post_?code|zip|zip_?code|pc6)($|_)/, guess: { personal_data: 'indirect', privacy: 'generalise', what: say('a postcode', 'een postcode') } },
  { re: personName, guess: { personal_data: 'direct', privacy: 'drop', what: say('a name', 'een naam') } },
];

/** The guess that a column's type alone makes: an identifier type is personal data whatever the column is called. */
const byType: Partial<Record<ColumnType, PersonalGuess>> = {
  bsn: { personal_data: 'direct', privacy: 'pseudonymise', what: say('a BSN', 'een BSN') },
  email: { personal_data: 'direct', privacy: 'drop', what: say('an e-mail address', 'een e-mailadres') },
  phone_nl: { personal_data: 'direct', privacy: 'drop', what: say('a phone number', 'een telefoonnummer') },
  iban: { personal_data: 'direct', privacy: 'drop', what: say('a bank account number', 'een bankrekeningnummer') },
  kenteken: { personal_data: 'indirect', privacy: 'pseudonymise', what: say('a licence plate', 'een kenteken') },
  house_number: { personal_data: 'indirect', privacy: 'drop', what: say('a house number', 'een huisnummer') },
  postcode: { personal_data: 'indirect', privacy: 'generalise', what: say('a postcode', 'een postcode') },
};

const share = (values: readonly string[], test: (v: string) => boolean): number =>
  values.length === 0 ? 0 : values.filter(test).length / values.length;

/** Words that make a "name" an organisation, a place or a title rather than a person. */
const organisationOrPlace =
  /\b(gemeente|provincie|stichting|vereniging|coöperatie|cooperatie|b\.?v\.?|n\.?v\.?|vof|holding|ministerie|waterschap|politie|school|college|centrum|center|centre|hotel|apartments?|studio|room|house|huis|loft|suite|villa|boat|boot|flat|appartement|kamer|straat|weg|laan|plein|gracht|kade|singel|dijk|park|buurt|wijk|dorp|stad|noord|zuid|oost|west|haven|eiland|the|with|near|and|in|of|for)\b/i;

/** Do the values read like people's names ("Anna de Vries", "J. Jansen", "Daniel") rather than places, organisations or titles? */
export function looksLikePersonNames(values: readonly string[]): boolean {
  if (values.length === 0) return true; // only the name to go by: better flagged
  const personLike = (v: string): boolean => {
    if (organisationOrPlace.test(v) || /[0-9&|!?@#/:;+()]/.test(v)) return false;
    const words = v.split(/\s+/).filter(Boolean);
    return words.length >= 1 && words.length <= 5 && v.length <= 60;
  };
  return share(values, personLike) >= 0.8;
}

/**
 * The type an identifier's values give a column, before the general type guess: BSNs keep their leading zero (text,
 * not an integer) and a sample with a few invalid ones still gets the type, so that validation catches them.
 */
export function guessIdentifierType(name: string, values: readonly string[]): ColumnType | undefined {
  if (values.length === 0) return undefined;
  const bsnName = /(^|_)(bsn|burgerservicenummer|sofinummer|sofi_?nr)($|_)/.test(name);
  if (bsnName && share(values, (v) => /^\d{8,9}$/.test(v)) === 1) return 'bsn';
  if (values.length >= 5 && share(values, (v) => /^\d{9}$/.test(v)) === 1 && share(values, isBsn) >= 0.8) return 'bsn';
  if (share(values, isEmail) >= 0.9) return 'email';
  if (share(values, isIban) >= 0.9) return 'iban';
  if (share(values, (v) => /[-+ ()]/.test(v) || /^0/.test(v)) >= 0.5 && share(values, isPhoneNl) >= 0.9) return 'phone_nl';
  const plateName = /(^|_)(kenteken\w*|licen[cs]e_?plate|number_?plate|plate)($|_)/.test(name);
  if (plateName && share(values, isKenteken) >= 0.9) return 'kenteken';
  if (/(^|_)(huisnummer\w*|huisnr|huis_?nr|house_?number)($|_)/.test(name) && share(values, isHouseNumber) >= 0.9 && values.some((v) => !/^\d+$/.test(v))) {
    return 'house_number';
  }
  return undefined;
}

/** PC4: a four-digit postcode area (about 4,000 inhabitants), not a number to compute with and not personal data. */
export function isPc4(name: string, values: readonly string[]): boolean {
  return /(^|_)(pc4|postcode\w*|post_?code|zip\w*)($|_)/.test(name) && values.length > 0 && values.every((v) => /^[1-9]\d{3}$/.test(v));
}

export function guessPersonal(name: string, values: readonly string[], type: ColumnType): PersonalGuess | undefined {
  const typed = byType[type];
  if (typed) return typed;
  if (isPc4(name, values)) return undefined;
  if (placeName.test(name) && !personId.test(name)) return undefined;
  // a number is no street name (straathoogte: the street level, in metres)
  if (/(^|_)straat/.test(name)) return type === 'string' ? { personal_data: 'indirect', privacy: 'keep', what: say('a street name', 'een straatnaam') } : undefined;
  if (!notAPerson.test(name)) {
    for (const { re, guess } of byName) {
      if (!re.test(name)) continue;
      // a "name" column of places, organisations or listing titles is not about persons
      if (guess.what.en === 'a name' && !looksLikePersonNames(values)) return undefined;
      if (guess.what.en === 'a date of birth' && (type === 'date' || type === 'timestamp')) return { ...guess, privacy: 'generalise' };
      if (guess.privacy === 'generalise') return { ...guess, privacy: 'pseudonymise' };
      return guess;
    }
  }
  return undefined;
}

/** Coordinates in a file about persons are where someone lives: generalised (about 100 m) by default. */
export const homeLocation: PersonalGuess = {
  personal_data: 'indirect',
  privacy: 'generalise',
  what: say('the location of a home (the file is about persons)', 'de plek van een woning (het bestand gaat over personen)'),
};

/** Free-text columns where people often write names or addresses. */
export function isFreeText(name: string): boolean {
  return /(opmerk|toelicht|remark|comment|notitie|note|memo|omschrijving|beschrijving|description|melding)/.test(name);
}
