import { ZodError } from 'zod';

export interface FieldIssues {
  /** Dotted input path → messages, e.g. `{ "filter.dateFrom": ["filter.dateFrom: Invalid date"] }`. */
  fieldErrors: Record<string, string[]>;
  /** Issues about the input as a whole (no path). */
  formErrors: string[];
}

/** Flattens a zod error into messages that each start with the field they are about. */
export function formatInputIssues(error: ZodError): FieldIssues {
  const fieldErrors: Record<string, string[]> = {};
  const formErrors: string[] = [];
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.');
    if (!path) {
      formErrors.push(issue.message);
      continue;
    }
    const message = issue.message.startsWith(`${path}:`)
      ? issue.message
      : `${path}: ${issue.message}`;
    (fieldErrors[path] ??= []).push(message);
  }
  return { fieldErrors, formErrors };
}

export function isZodError(value: unknown): value is ZodError {
  return value instanceof ZodError;
}
