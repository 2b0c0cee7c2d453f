import type { FieldProblem } from '@lib/common/domain-error';
import type { FigureExplanations, FormAnswers, FormDefinition, FormValue } from '../form-schema';
import { formFields, sameDecimal, validateAnswers } from '../form-validation';
import { COMMENT_MAX, EXPLANATION_MAX } from './evaluation-report.dto';
import type { SystemFigureValues } from './evaluation-report.view';

/** The same figure whatever its spelling ("12", "12.00"): decimal strings compared exactly, not as floats. */
export function sameFigure(answer: FormValue | undefined, system: string): boolean {
  return typeof answer === 'string' && sameDecimal(answer, system);
}

/**
 * A draft's figures brought up to date (attribution goes on after completion): every bound
 * field takes the current figure as its system value, and an answer still equal to the
 * figure it was given follows the new one; an answer the branch changed stays as it is.
 */
export function currentFigures(
  definition: FormDefinition,
  systemValues: Record<string, string>,
  figures: SystemFigureValues,
  answers: FormAnswers,
): { systemValues: Record<string, string>; answers: FormAnswers } {
  const current: Record<string, string> = {};
  const followed: FormAnswers = { ...answers };
  for (const field of formFields(definition)) {
    if (!field.binding) continue;
    const figure = figures[field.binding];
    current[field.key] = figure;
    const given = systemValues[field.key];
    if (given === undefined ? answers[field.key] === undefined : sameFigure(answers[field.key], given)) followed[field.key] = figure;
  }
  return { systemValues: current, answers: followed };
}

/**
 * Checks a branch's answers at saving (`draft`) or submitting: the form's own rules
 * (the same validator the browser runs), then the rule of prefilled figures: an answer
 * that differs from the system figure needs an explanation. A draft is refused only
 * what cannot be stored; the explanations still to write, like the required fields,
 * are asked for at submission. Returns the explanations worth keeping (only those of
 * changed figures) and every problem by field.
 */
export function checkAnswers(
  definition: FormDefinition,
  systemValues: Record<string, string>,
  answers: FormAnswers,
  explanations: FigureExplanations,
  stage: 'draft' | 'submit',
): { kept: FigureExplanations; problems: FieldProblem[] } {
  const problems = validateAnswers(definition, answers, stage);
  const kept: FigureExplanations = {};
  for (const [key, text] of Object.entries(explanations)) {
    const field = `explanations.${key}`;
    if (!(key in systemValues)) problems.push({ field, code: 'report_not_a_field' });
    else if (typeof text !== 'string') problems.push({ field, code: 'not_text' });
    else if (text.length > EXPLANATION_MAX) problems.push({ field, code: 'too_long', params: { max: EXPLANATION_MAX } });
  }
  for (const [key, system] of Object.entries(systemValues)) {
    if (sameFigure(answers[key], system)) continue;
    const text = explanations[key];
    if (typeof text === 'string' && text.trim() !== '') kept[key] = text.trim();
    else if (stage === 'submit' && (text === undefined || typeof text === 'string')) {
      problems.push({ field: `explanations.${key}`, code: 'report_explanation_required', params: { system } });
    }
  }
  return { kept, problems };
}

/** The reviewer's comments on fields: each a field of the form, a text within bounds; blank ones dropped. */
export function checkFieldComments(definition: FormDefinition, comments: Record<string, unknown>): { kept: Record<string, string>; problems: FieldProblem[] } {
  const keys = new Set(formFields(definition).map((field) => field.key));
  const kept: Record<string, string> = {};
  const problems: FieldProblem[] = [];
  for (const [key, text] of Object.entries(comments)) {
    const field = `fieldComments.${key}`;
    if (!keys.has(key)) problems.push({ field, code: 'report_not_a_field' });
    else if (typeof text !== 'string') problems.push({ field, code: 'not_text' });
    else if (text.length > COMMENT_MAX) problems.push({ field, code: 'too_long', params: { max: COMMENT_MAX } });
    else if (text.trim() !== '') kept[key] = text.trim();
  }
  return { kept, problems };
}
