import { OLDER_BANDS, OTHER_MONTHS } from '../../shared/followup/model';

/** The Swedish names of the participant figures' codes, as the report (CSV, PDF) prints them for the förbund. */
const GENDER_SV: Record<string, string> = { kvinna: 'Kvinna', man: 'Man', annat: 'Annat/vill inte ange', 'ej-registrerat': 'Ej registrerat' };
const OUTCOME_SV: Record<string, string> = {
  arbete: 'Arbete (utan stöd)',
  'arbete-med-stod': 'Arbete med stöd',
  studier: 'Studier',
  arbetssokande: 'Arbetssökande',
  'annan-insats': 'Annan insats',
  avbrott: 'Avbrott',
  annat: 'Annat',
};
const INCOME_SV: Record<string, string> = {
  arbete: 'Arbete',
  studier: 'Studier',
  aktivitetsersattning: 'Aktivitets-/sjukersättning',
  forsorjningsstod: 'Försörjningsstöd',
  arbetsloshetsersattning: 'A-kassa/aktivitetsstöd',
  'ingen-ersattning': 'Ingen ersättning',
  annat: 'Annat',
  'ej-registrerat': 'Ej registrerat',
};
const CHECKIN_SV: Record<string, string> = { ...OUTCOME_SV, 'ej-nadd': 'Ej nådd' };

/** The names of the participant tables' rows and columns (fixed: every older band is one column, every other check-in time one row). */
export function participantLabels() {
  return {
    gender: (code: string): string => GENDER_SV[code] ?? code,
    band: (band: string): string => (band === OLDER_BANDS ? 'Äldre åldersindelning' : `${band.replace('-', '–')} år`),
    outcome: (code: string): string => OUTCOME_SV[code] ?? code,
    income: (code: string): string => INCOME_SV[code] ?? code,
    checkin: (code: string): string => CHECKIN_SV[code] ?? code,
    months: (months: string): string => (months === OTHER_MONTHS ? 'Annan tid efter avslut' : `${months} månader`),
  };
}
