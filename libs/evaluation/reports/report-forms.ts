import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { FormDefinition } from '../form-schema';

/** The form version a campaign pinned, and its definition. */
export interface PinnedForm {
  versionId: number;
  definition: FormDefinition;
}

/** Where the reports find a campaign's pinned form: the evaluation forms library registers itself. */
export interface PinnedFormLookup {
  pinnedForm(manager: EntityManager, campaignId: number): Promise<PinnedForm | null>;
}

/**
 * The one way the reports read a campaign's form. The forms library registers its
 * lookup at start-up, so reports keep to their own tables and the two meet here only.
 */
@Injectable()
export class ReportForms {
  private lookup: PinnedFormLookup | null = null;

  use(lookup: PinnedFormLookup): void {
    this.lookup = lookup;
  }

  /** The campaign's pinned form; null when it has none (no form named, or none registered), so it gets no reports. */
  async pinned(manager: EntityManager, campaignId: number): Promise<PinnedForm | null> {
    return this.lookup ? this.lookup.pinnedForm(manager, campaignId) : null;
  }
}
