/**
 * Columns that identify a person directly (names, birth dates, contact details). Their values are hidden in the UI
 * unless the user asks to see them, never used as features by default, and never listed as "top values": fairness
 * data often comes from public records (COMPAS holds names and dates of birth) whose terms forbid displaying them.
 */
const PERSONAL_COLUMN = new RegExp(
  [
    '^(full[_ ]?)?name$',
    '^(first|last|middle|given|family|sur)[_ ]?name$',
    '^(first|last|surname|forename)$',
    '^dob$',
    'date[_ ]?of[_ ]?birth',
    'birth[_ ]?date',
    '^ssn$',
    'social[_ ]?security',
    'e-?mail',
    'phone',
    '^(street[_ ]?)?address$',
  ].join('|'),
  'i',
);

export function isPersonalColumn(name: string): boolean {
  return PERSONAL_COLUMN.test(name.trim());
}

/**
 * Whether a column with this name and this many distinct values identifies people: two values cannot, whatever the
 * name (German credit's "telephone" is yes / none, whether a phone is registered, not a number).
 */
export function isPersonalData(name: string, distinct: number): boolean {
  return isPersonalColumn(name) && distinct > 2;
}

/** Shown instead of a hidden value. */
export const HIDDEN_VALUE = '•••';
