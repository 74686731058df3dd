/** Column names that usually hold a protected attribute (sex, race…): proposed as groups, flagged when used as features. */
const PROTECTED_NAMES = /^(sex|gender|race|rac1p|ethnicity)$/i;

export function isProtectedName(name: string): boolean {
  return PROTECTED_NAMES.test(name.trim());
}
