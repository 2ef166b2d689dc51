import type { FieldError } from '../api.ts';
import { localizeFieldMessage, type Lang } from '../i18n.ts';
import type { StaffMessages } from './messages.ts';

/** A form's errors: one message per form key (a field path like openingHours.rules.0.opensAt). */
export type FieldErrors = Record<string, string>;

/*
 * zod's own wording for a few checks (enum, number, e-mail, non-empty) reaches the staff forms
 * as is; these say the same thing in the reader's language. Everything else is the API's own
 * message, translated by i18n.ts.
 */
const ZOD_DEFAULTS: [RegExp, keyof StaffMessages['fieldMessages']][] = [
  [/^Invalid option/, 'chooseOption'],
  [/^Invalid input: expected (number|int)/, 'wholeNumber'],
  [/^Invalid email address$/, 'email'],
  [/^Too small: expected string to have >=1 characters?$/, 'required'],
  [/^is taken$/, 'taken'],
  [/^must be 11 digits$/, 'elevenDigits'],
  [/^Invalid UUID$/, 'uuid'],
];

/** A field message from the API in the reader's language, starting with a capital letter. */
export function staffFieldMessage(message: string, lang: Lang, s: StaffMessages): string {
  for (const [pattern, key] of ZOD_DEFAULTS) {
    if (pattern.test(message)) return localizeFieldMessage(s.fieldMessages[key], lang);
  }
  return localizeFieldMessage(message, lang);
}

/**
 * Turns the problem's errors[] into form keys and messages. `toKey` maps an API field path to the
 * form key that shows it (or null: keep the path as is); two messages for one key are joined.
 */
export function collectErrors(
  errors: FieldError[],
  lang: Lang,
  s: StaffMessages,
  toKey: (field: string) => string = (f) => f,
): FieldErrors {
  const out: FieldErrors = {};
  for (const e of errors) {
    const key = toKey(e.field);
    const message = staffFieldMessage(e.message, lang, s);
    out[key] = out[key] && !out[key].includes(message) ? `${out[key]} ${message}` : message;
  }
  return out;
}

/**
 * Moves focus to an element by id once it is on screen (a notice after save, a new row, the
 * error summary). React renders the state change in its own task, so this waits a few frames
 * for the element to appear.
 */
export function focusById(id: string, framesLeft = 10) {
  requestAnimationFrame(() => {
    const el = document.getElementById(id);
    if (!el) {
      if (framesLeft > 0) focusById(id, framesLeft - 1);
      return;
    }
    if (!el.matches('input,select,textarea,button,a[href]') && !el.hasAttribute('tabindex')) el.tabIndex = -1;
    el.focus();
  });
}

/** Moves focus to the form's error summary once it is on screen. */
export function focusErrorSummary() {
  focusById('error-summary');
}
