import { createStore } from '../lib/store';

/**
 * In-app questions with a promise API, in place of window.prompt/confirm (which Electron does not
 * implement). One question at a time; a second waits for the first. AskHost renders the current one.
 */
export interface Choice<T extends string> {
  id: T;
  label: string;
  tone?: 'primary' | 'danger' | undefined;
}

export interface ChoiceQuestion<T extends string = string> {
  kind: 'choice';
  title: string;
  message: string;
  choices: Choice<T>[];
  /** What Esc (and the close button) answers. */
  cancel: T;
  /** The button Enter presses: the focused one first; this one when focus is elsewhere. */
  primary?: T | undefined;
}

export interface TextQuestion {
  kind: 'text';
  title: string;
  label: string;
  initial?: string | undefined;
  confirm: string;
  /** Why the value cannot be used yet, shown as the user types; undefined when it can. */
  validate?: ((value: string) => string | undefined) | undefined;
  description?: string | undefined;
}

export type Question = (ChoiceQuestion | TextQuestion) & { answer: (value: string | undefined) => void };

export const questions = createStore<Question[]>([]);

function push(q: Question): void {
  questions.set((list) => [...list, q]);
}

/** Answers and removes the question on top. */
export function answer(q: Question, value: string | undefined): void {
  questions.set((list) => list.filter((x) => x !== q));
  q.answer(value);
}

/** Asks for a name (or any one line); resolves to the trimmed text, or undefined when cancelled. */
export function askText(q: Omit<TextQuestion, 'kind'>): Promise<string | undefined> {
  return new Promise((resolve) => push({ ...q, kind: 'text', answer: (v) => resolve(v === undefined ? undefined : v.trim()) }));
}

/** Asks the user to choose; resolves to the chosen id (the cancel id for Esc). */
export function askChoice<T extends string>(q: Omit<ChoiceQuestion<T>, 'kind'>): Promise<T> {
  return new Promise((resolve) => push({ ...(q as unknown as ChoiceQuestion), kind: 'choice', answer: (v) => resolve((v ?? q.cancel) as T) }));
}

/** The usual rules for a name among others: not empty, not too long, not taken (case-insensitively). */
export function nameRule(taken: Iterable<string>, what: string, max = 200): (value: string) => string | undefined {
  const names = new Set([...taken].map((n) => n.trim().toLowerCase()));
  return (value) => {
    const v = value.trim();
    if (v === '') return `A ${what} needs a name.`;
    if (v.length > max) return `At most ${max} characters (this is ${v.length}).`;
    if (names.has(v.toLowerCase())) return `There is already a ${what} named "${v}".`;
    return undefined;
  };
}
