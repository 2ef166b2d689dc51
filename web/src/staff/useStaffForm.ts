import { useState } from 'react';
import { ApiError, type FieldError } from '../api.ts';
import { collectErrors, focusById, focusErrorSummary, type FieldErrors } from './fieldErrors.ts';
import { useStaffText } from './messages.ts';

type Options = {
  /** The element that shows the failure message; it gets focus when one appears. */
  failureId: string;
  /** Maps an API field path to the form key that shows it. */
  toKey?: (field: string) => string;
  /** Which of the API's field errors the form shows at its fields (default: all). */
  fieldErrors?: (errors: FieldError[]) => FieldError[];
  /** The message for a failure that is not about fields; null shows none (401: the session gate takes over). */
  failureText?: (error: unknown) => string | null;
  /** Whether field errors move focus to the form's error summary (forms without one keep focus). */
  summary?: boolean;
};

/**
 * What every staff form does around its API call: one submit at a time, the API's field errors
 * at their fields (and the summary focused), any other failure as one message that gets focus.
 */
export function useStaffForm(options: Options) {
  const { s, lang } = useStaffText();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const defaultFailure = (error: unknown): string | null => {
    if (!(error instanceof ApiError)) return s.genericError;
    if (error.status === 401) return null;
    if (error.status === 403) return s.forbidden;
    if (error.status === 429) return s.tooManyAttempts;
    return s.genericError;
  };

  /** Runs the form's action; returns true when it succeeded. */
  const run = async (action: () => Promise<void>): Promise<boolean> => {
    if (busy) return false;
    setBusy(true);
    setErrors({});
    setFailure(null);
    try {
      await action();
      return true;
    } catch (error) {
      const apiFieldErrors =
        error instanceof ApiError && (error.status === 400 || error.status === 409 || error.status === 422)
          ? (options.fieldErrors ?? ((e) => e))(error.errors)
          : [];
      if (apiFieldErrors.length) {
        setErrors(collectErrors(apiFieldErrors, lang, s, options.toKey));
        if (options.summary !== false) focusErrorSummary();
      } else {
        const text = (options.failureText ?? defaultFailure)(error);
        if (text) {
          setFailure(text);
          focusById(options.failureId);
        }
      }
      return false;
    } finally {
      setBusy(false);
    }
  };

  return { errors, failure, busy, run };
}
