import { App } from 'antd';
import type { FormInstance } from 'antd';
import { useCallback } from 'react';
import { ApiError } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { MessageKey } from '../i18n/messages';

const TITLE_BY_STATUS: Record<number, MessageKey> = {
  0: 'error.network',
  401: 'error.unauthorized',
  403: 'error.forbidden',
  404: 'error.notFound',
  409: 'error.conflict',
  400: 'error.validation',
};

/** Turns any thrown error into the text to show: the API's own message with its field problems. */
export function useErrorText(): (error: unknown) => string {
  const { t } = useI18n();
  return useCallback(
    (error: unknown) => {
      if (error instanceof ApiError) {
        if (error.status === 0) return t('error.network');
        if (error.status >= 500) return `${t('error.server')} (${error.message})`;
        return error.fullText || t(TITLE_BY_STATUS[error.status] ?? 'error.title');
      }
      return error instanceof Error ? error.message : String(error);
    },
    [t],
  );
}

/** Shows an error as a toast; for actions whose failure needs no place on the page. */
export function useShowError(): (error: unknown) => void {
  const { message } = App.useApp();
  const errorText = useErrorText();
  return useCallback((error: unknown) => void message.error(errorText(error), 6), [message, errorText]);
}

/**
 * Puts the API's field problems next to the form fields they name; returns the text
 * for the rest (the message, and problems of fields the form does not have).
 */
export function useFormErrors(): (form: FormInstance, error: unknown) => string {
  const errorText = useErrorText();
  return useCallback(
    (form: FormInstance, error: unknown) => {
      if (!(error instanceof ApiError) || error.details.length === 0) return errorText(error);
      const known = new Set(Object.keys(form.getFieldsValue(true)));
      const onFields = error.details.filter((d) => known.has(d.field));
      form.setFields(onFields.map((d) => ({ name: d.field, errors: [d.problem] })));
      const rest = error.details.filter((d) => !known.has(d.field));
      return rest.length ? `${error.message}: ${rest.map((d) => `${d.field}: ${d.problem}`).join('; ')}` : error.message;
    },
    [errorText],
  );
}
