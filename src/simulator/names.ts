/**
 * Name pools for the generated company. A share of them is deliberately non-ASCII
 * (accents, Polish, Nordic, CJK) so clients meet real-world names in tests.
 */
import type { Random } from './prng';

const ASCII_FIRST_NAMES = [
  'Alan', 'Dana', 'Maria', 'James', 'Olivia', 'Noah', 'Emma', 'Liam', 'Ava', 'Ethan', 'Mia', 'Lucas',
  'Sophia', 'Mason', 'Isabella', 'Logan', 'Amelia', 'Elijah', 'Harper', 'Oliver', 'Evelyn', 'Aiden',
  'Abigail', 'Jacob', 'Emily', 'Michael', 'Ella', 'Daniel', 'Grace', 'Henry', 'Chloe', 'Jack', 'Nora',
  'Samuel', 'Lily', 'David', 'Hannah', 'Joseph', 'Zara', 'Omar', 'Priya', 'Ravi', 'Aisha', 'Yusuf',
  'Kenji', 'Sakura', 'Tomas', 'Ingrid', 'Niamh', 'Sean', 'Mateo', 'Lucia', 'Kwame', 'Ama', 'Ivan',
  'Olga', 'Hugo', 'Elena', 'Felix', 'Clara',
];

const NON_ASCII_FIRST_NAMES = [
  'José', 'Zoë', 'Åsa', 'Łukasz', 'Chloé', 'François', 'Søren', 'Björn', 'Renée', 'Jürgen', 'Núria',
  'Inês', 'Małgorzata', 'Çağla', 'Zoltán', '伟', '娜', '陽菜', 'Đorđe', 'Siân',
];

const ASCII_SURNAMES = [
  'Tullins', 'Boss', 'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson',
  'Anderson', 'Taylor', 'Thomas', 'Moore', 'Martin', 'Jackson', 'Thompson', 'White', 'Harris', 'Clark',
  'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Green', 'Baker',
  'Adams', 'Nelson', 'Hill', 'Campbell', 'Mitchell', 'Roberts', 'Carter', 'Phillips', 'Evans', 'Turner',
  'Patel', 'Khan', 'Cohen', 'Levi', 'Nakamura', 'Tanaka', 'Okafor', 'Mensah', 'Kowalski', 'Novak',
  'Rossi', 'Bianchi', "O'Brien", 'McCarthy', 'Schmidt', 'Fischer', 'Larsen', 'Berg', 'Silva', 'Santos',
];

const NON_ASCII_SURNAMES = [
  'García', 'Núñez', 'Müller', 'Øvergaard', 'Łęcki', 'Ångström', 'Gómez', 'Pérez', 'Dvořák', 'Höffner',
  'Nguyễn', 'Çelik', 'Šimić', '李', '王', '佐藤', 'Jovanović', 'Brontë',
];

/** Romanisations for names that have no Latin letters, used to build email addresses. */
const ROMANISED: Record<string, string> = {
  '伟': 'wei', '娜': 'na', '陽菜': 'hina', '李': 'li', '王': 'wang', '佐藤': 'sato',
};

/** Letters NFD does not decompose into ASCII plus a combining mark. */
const SPECIAL_LETTERS: Record<string, string> = {
  'Ł': 'L', 'ł': 'l', 'Ø': 'O', 'ø': 'o', 'ß': 'ss', 'Æ': 'AE', 'æ': 'ae', 'Đ': 'D', 'đ': 'd', 'ı': 'i',
};

const NON_ASCII_SHARE = 0.12;

export function pickFirstName(random: Random): string {
  return random.pick(random.chance(NON_ASCII_SHARE) ? NON_ASCII_FIRST_NAMES : ASCII_FIRST_NAMES);
}

export function pickSurname(random: Random): string {
  return random.pick(random.chance(NON_ASCII_SHARE) ? NON_ASCII_SURNAMES : ASCII_SURNAMES);
}

/** "Łukasz" -> "lukasz", "O'Brien" -> "obrien", "李" -> "li": the form an email local part uses. */
export function toEmailPart(name: string): string {
  const romanised = ROMANISED[name];
  if (romanised) return romanised;
  const folded = name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\x20-\x7e]/g, (letter) => SPECIAL_LETTERS[letter] ?? '');
  const cleaned = folded.toLowerCase().replace(/[^a-z0-9]/g, '');
  return cleaned || 'user';
}

/** Gives an email local part upper-case letters the way people type them ("Jose.Garcia"). */
export function capitalise(part: string): string {
  return part.charAt(0).toUpperCase() + part.slice(1);
}
