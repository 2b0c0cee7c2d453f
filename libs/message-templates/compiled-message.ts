import Handlebars from 'handlebars';
import type { MessageContext } from './message-context';
import { HTML_LINK, knownHelpers, TEXT_LINK } from './template-check';
import type { TemplateChannel } from './template-channel';
import { TEMPLATE_HELPERS } from './template-helpers';

export interface RenderedMessage {
  subject: string;
  html: string;
  text: string;
}

export interface MessageLinks {
  pixelUrl: string;
  unsubscribeUrl: string;
  clickUrl(index: number, url: string): string;
}

export interface CompiledMessage {
  ref: string;
  channel: TemplateChannel;
  /** The template version rendered: a database template's saved version, 0 for a file template (it changes only with a release). */
  version: number;
  /** Every absolute http(s) link target of the template in order: the only places a click may redirect to. */
  links: string[];
  /**
   * Renders for one contact; every <a href> to links[i] in the html (and the url in the
   * text) is replaced by clickUrl(i, url). An email is wrapped in the shared layout
   * (branch header, footer with the unsubscribe link, tracking pixel); another
   * channel's body gives `html` (escaped) and `text`, and an empty subject.
   */
  render(context: MessageContext, tracking: MessageLinks): RenderedMessage;
}

/** The sources of one template: an email's three parts, or another channel's body. */
export type TemplateSources = { subject: string; html: string; text: string } | { body: string };

/** The email layout and its partials, read once from TEMPLATES_DIR/email. */
export interface EmailLayout {
  html: string;
  text: string;
  partials: Record<string, string>;
}

const COMPILE = { strict: true, knownHelpersOnly: true } as const;

/**
 * Compiles a template once into functions that render a contact's message with no
 * work beyond Handlebars' own: links are found at compile time and their addresses
 * replaced by `@clickUrls` data, filled per contact from the tracking's click URLs.
 */
export class MessageCompiler {
  private readonly handlebars = Handlebars.create();
  private readonly layoutHtml: HandlebarsTemplateDelegate;
  private readonly layoutText: HandlebarsTemplateDelegate;

  constructor(layout: EmailLayout) {
    for (const [name, { helper }] of Object.entries(TEMPLATE_HELPERS)) this.handlebars.registerHelper(name, helper);
    for (const [name, source] of Object.entries(layout.partials)) this.handlebars.registerPartial(name, source);
    const options = { ...COMPILE, knownHelpers: knownHelpers() };
    this.layoutHtml = this.handlebars.compile(layout.html, { ...options, knownHelpersOnly: false });
    this.layoutText = this.handlebars.compile(layout.text, { ...options, knownHelpersOnly: false, noEscape: true });
  }

  /** Partial names the layout registers, which file templates may use too. */
  get partialNames(): string[] {
    return Object.keys(this.handlebars.partials);
  }

  compile(ref: string, channel: TemplateChannel, version: number, sources: TemplateSources): CompiledMessage {
    const links: string[] = [];
    const html = 'body' in sources ? sources.body : sources.html;
    const text = 'body' in sources ? sources.body : sources.text;
    const htmlSource = withTrackedLinks(html, HTML_LINK, links, (match, url, index) => match.replace(url, `{{@clickUrls.[${index}]}}`));
    const textSource = withTrackedLinks(text, TEXT_LINK, links, (_match, _url, index) => `{{@clickUrls.[${index}]}}`);
    const options = { ...COMPILE, knownHelpers: knownHelpers() };
    const renderHtml = this.handlebars.compile(htmlSource, options);
    const renderText = this.handlebars.compile(textSource, { ...options, noEscape: true });
    const frozenLinks = Object.freeze([...links]) as string[];

    if ('body' in sources) {
      return {
        ref, channel, version, links: frozenLinks,
        render: (context, tracking) => {
          const values = { ...context, unsubscribeUrl: tracking.unsubscribeUrl };
          const data = { data: { clickUrls: frozenLinks.map((url, index) => tracking.clickUrl(index, url)) } };
          return { subject: '', html: renderHtml(values, data), text: renderText(values, data) };
        },
      };
    }
    const renderSubject = this.handlebars.compile(sources.subject, { ...options, noEscape: true });
    return {
      ref, channel, version, links: frozenLinks,
      render: (context, tracking) => {
        const values = { ...context, unsubscribeUrl: tracking.unsubscribeUrl };
        const data = { data: { clickUrls: frozenLinks.map((url, index) => tracking.clickUrl(index, url)) } };
        // A subject is one header line: a line break from a value would end it.
        const subject = renderSubject(values, data).replace(/\s*[\r\n]+\s*/g, ' ').trim();
        const layout = { ...values, subject, pixelUrl: tracking.pixelUrl };
        return {
          subject,
          html: this.layoutHtml({ ...layout, body: renderHtml(values, data) }),
          text: this.layoutText({ ...layout, body: renderText(values, data) }),
        };
      },
    };
  }
}

/** Replaces each link of `source` that `pattern` finds by a reference to its index in `links` (added when new). */
function withTrackedLinks(
  source: string,
  pattern: RegExp,
  links: string[],
  replace: (match: string, url: string, index: number) => string,
): string {
  return source.replace(new RegExp(pattern.source, pattern.flags), (match: string, ...groups: unknown[]) => {
    const url = typeof groups[2] === 'string' && pattern === HTML_LINK ? groups[2] : match;
    let index = links.indexOf(url);
    if (index < 0) index = links.push(url) - 1;
    return replace(match, url, index);
  });
}
