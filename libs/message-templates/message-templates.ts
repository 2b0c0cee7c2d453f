import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DataSource, EntityManager } from 'typeorm';
import { NotFoundError } from '@lib/common';
import { AppConfig } from '@lib/config';
import { CompiledMessage, EmailLayout, MessageCompiler, TemplateSources } from './compiled-message';
import type { MessageContext } from './message-context';
import { contextsForContacts } from './message-contexts';
import { templateProblems } from './template-check';
import { partsOf, TEMPLATE_CHANNELS, TemplateChannel } from './template-channel';

/** Compiled database templates kept in memory; a campaign uses a few. */
const CACHED_TEMPLATES = 500;

interface TemplateRow {
  version: number;
  subject: string | null;
  html: string | null;
  text: string | null;
  body: string | null;
}

/**
 * Where a template ref leads, and its compiled form. A ref names a database template
 * by its key (of the channel asked for), or else the file template
 * `TEMPLATES_DIR/<channel>/<ref>/`; no database key may be a file template's name, so
 * a ref has one meaning. File templates are read, checked and compiled at start-up (a
 * broken one stops the app); database templates are compiled on first use and kept
 * until a new version is saved.
 */
@Injectable()
export class MessageTemplates {
  private readonly compiler: MessageCompiler;
  private readonly files = new Map<string, CompiledMessage>();
  private readonly cache = new Map<string, CompiledMessage>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    config: AppConfig,
  ) {
    const root = resolve(config.TEMPLATES_DIR);
    this.compiler = new MessageCompiler(readLayout(join(root, 'email')));
    for (const channel of TEMPLATE_CHANNELS) {
      for (const [ref, sources] of readFileTemplates(join(root, channel), channel)) {
        const problems = Object.entries(sources).flatMap(([part, source]) =>
          templateProblems(source, part, channel, { partials: this.compiler.partialNames }),
        );
        if (problems.length) throw new Error(`The file template ${channel}/${ref} is not valid: ${JSON.stringify(problems)}`);
        this.files.set(fileKey(ref, channel), this.compiler.compile(ref, channel, 0, sources));
      }
    }
  }

  /**
   * The compiled template a ref names for a channel, at its current version or at a
   * given saved one; a NotFoundError when there is none.
   */
  async compiled(ref: string, channel: TemplateChannel, version?: number): Promise<CompiledMessage> {
    const [current]: { id: number; version: number }[] = await this.dataSource.query(
      `SELECT id, version FROM message_templates WHERE key = $1 AND channel = $2`,
      [ref, channel],
    );
    if (!current) {
      const file = this.files.get(fileKey(ref, channel));
      if (!file || (version !== undefined && version !== 0)) throw new NotFoundError('message_template', ref);
      return file;
    }
    const wanted = version ?? current.version;
    const cacheKey = `${channel}:${ref}:${wanted}`;
    const cached = this.cache.get(cacheKey);
    if (cached) return cached;
    const [row]: TemplateRow[] = await this.dataSource.query(
      `SELECT version, subject, html, text, body FROM message_template_versions WHERE template_id = $1 AND version = $2`,
      [current.id, wanted],
    );
    if (!row) throw new NotFoundError('message_template', `${ref}@${wanted}`);
    const compiled = this.compileParts(ref, channel, row.version, row);
    if (this.cache.size >= CACHED_TEMPLATES) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(cacheKey, compiled);
    return compiled;
  }

  /** Every contact's message context in one query: see contextsForContacts. */
  contextsForContacts(manager: EntityManager, contactIds: number[]): Promise<Map<number, MessageContext>> {
    return contextsForContacts(manager, contactIds);
  }

  /** Compiles parts that passed the check (an unsaved template in the editor's preview, or a saved version). */
  compileParts(ref: string, channel: TemplateChannel, version: number, parts: Partial<Record<'subject' | 'html' | 'text' | 'body', string | null>>): CompiledMessage {
    const sources: TemplateSources =
      channel === 'email' ? { subject: parts.subject ?? '', html: parts.html ?? '', text: parts.text ?? '' } : { body: parts.body ?? '' };
    return this.compiler.compile(ref, channel, version, sources);
  }

  isFileTemplate(ref: string, channel?: TemplateChannel): boolean {
    return channel ? this.files.has(fileKey(ref, channel)) : TEMPLATE_CHANNELS.some((each) => this.files.has(fileKey(ref, each)));
  }

  /** The file templates, by channel and ref. */
  fileTemplates(): { ref: string; channel: TemplateChannel }[] {
    return [...this.files.values()].map(({ ref, channel }) => ({ ref, channel })).sort((a, b) => a.channel.localeCompare(b.channel) || a.ref.localeCompare(b.ref));
  }
}

function fileKey(ref: string, channel: TemplateChannel): string {
  return `${channel}:${ref}`;
}

function readLayout(dir: string): EmailLayout {
  const partialsDir = join(dir, 'partials');
  const partials = Object.fromEntries(
    readdirSync(partialsDir)
      .filter((name) => name.endsWith('.hbs'))
      .map((name) => [name.replace(/\.html\.hbs$|\.hbs$/, ''), readFileSync(join(partialsDir, name), 'utf8')]),
  );
  return { html: readFileSync(join(dir, 'layout.html.hbs'), 'utf8'), text: readFileSync(join(dir, 'layout.text.hbs'), 'utf8'), partials };
}

/** Each folder of a channel holding every part of that channel is a template named by the folder. */
function readFileTemplates(dir: string, channel: TemplateChannel): [string, TemplateSources][] {
  if (!existsSync(dir)) return [];
  const found: [string, TemplateSources][] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const paths = partsOf(channel).map((part) => join(dir, entry.name, `${part}.hbs`));
    if (!paths.every((path) => existsSync(path))) continue;
    const [first, html, text] = paths.map((path) => readFileSync(path, 'utf8'));
    found.push([entry.name, channel === 'email' ? { subject: first, html, text } : { body: first }]);
  }
  return found;
}
