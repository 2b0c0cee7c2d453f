import type { Serialized } from '@lib/common/serialized';
import type { AudienceMember, AudiencePreview, RuleRequest } from '@lib/segments/segment.view';
import { useEffect, useRef, useState } from 'react';
import { ApiError, request } from '../../api/client';
import { incompletePaths, type FieldError, type RuleCatalog, type RuleGroup } from './rule';

/** A customer of a preview's sample or a segment's list, as the server sends them. */
export type PreviewSample = Serialized<AudienceMember>;
export type AudiencePreviewResult = Serialized<AudiencePreview>;

export interface LivePreview {
  result?: AudiencePreviewResult;
  /** Field problems from a 400, for the rule builder to place beside their nodes. */
  errors: FieldError[];
  /** Any other failure, as an error to show. */
  failure?: unknown;
  incomplete: string[];
  loading: boolean;
}

const DEBOUNCE_MS = 400;

/**
 * Counts the audience of a rule as it is edited: asks POST /segments/preview 400 ms
 * after the last change, skips rules with unfinished conditions, and drops the
 * previous request when a newer one goes out, so that the server stops counting it.
 */
export function useLivePreview(rule: RuleGroup, catalog: RuleCatalog | undefined, rootPath = 'rule'): LivePreview {
  const [state, setState] = useState<Omit<LivePreview, 'incomplete'>>({ errors: [], loading: false });
  const latest = useRef(0);
  const incomplete = catalog ? incompletePaths(rule, rootPath, catalog.fields) : [];
  const key = JSON.stringify(rule);
  const ready = !!catalog && rule.children.length > 0 && incomplete.length === 0;

  useEffect(() => {
    if (!ready) {
      latest.current += 1;
      setState((s) => ({ ...s, errors: [], failure: undefined, loading: false }));
      return;
    }
    const ticket = ++latest.current;
    setState((s) => ({ ...s, loading: true }));
    const asker = new AbortController();
    const timer = setTimeout(() => {
      request<AudiencePreviewResult>('POST', '/segments/preview', { body: { rule } satisfies RuleRequest, signal: asker.signal }).then(
        (result) => ticket === latest.current && setState({ result, errors: [], loading: false }),
        (error) => {
          if (ticket !== latest.current || asker.signal.aborted) return;
          const errors = error instanceof ApiError && error.status === 400 ? relocate(error.details, rootPath) : [];
          setState((s) => ({ result: s.result, errors, failure: errors.length ? undefined : error, loading: false }));
        },
      );
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      asker.abort();
    };
    // the serialised rule is the dependency: a new object with the same content must not ask again
  }, [key, ready, rootPath]);

  return { ...state, incomplete };
}

/** The preview endpoint names the rule `rule`; a bundle's editor calls it `eligibilityRule`. */
function relocate(details: FieldError[], rootPath: string): FieldError[] {
  if (rootPath === 'rule') return details;
  return details.map((d) => ({ ...d, field: d.field.replace(/^rule(?=$|[.[])/, rootPath) }));
}
