import Handlebars from 'handlebars';
import type { FieldProblem } from '@lib/common/domain-error';
import type { ErrorParams } from '@lib/common/error-messages';
import { MESSAGE_VARIABLES, VariableShape } from './message-context';
import { BLOCK_HELPERS, TEMPLATE_HELPERS } from './template-helpers';
import type { TemplateChannel } from './template-channel';

type Node = hbs.AST.Node;
type Expression = hbs.AST.Expression;

/** The variables a channel's templates may name: an unsubscribe link exists only in email. */
export function variablesFor(channel: TemplateChannel): VariableShape {
  if (channel === 'email') return MESSAGE_VARIABLES;
  const { unsubscribeUrl: _email, ...fields } = MESSAGE_VARIABLES.fields;
  return { kind: 'object', fields };
}

/** A link written into the HTML: `href="https://…"`; the only addresses a click may lead to. */
export const HTML_LINK = /(<a\b[^>]*?\bhref\s*=\s*)(["'])(https?:\/\/[^"'\s]+)\2/gi;
/** An address written into a text part. */
export const TEXT_LINK = /https?:\/\/[^\s<>"'{}，。；：！？、（）【】《》]+/g;
const DYNAMIC_LINK = /\bhref\s*=\s*(["'])\s*(?:https?:[^"']*\{\{[^"']*|\{\{(?!\s*unsubscribeUrl\s*\}\})[^"']*)\1/gi;

/**
 * Everything wrong with one part of a template, as problems of `field`: syntax (with
 * its line), variables the channel does not know, helpers that do not exist, `{{{ }}}`
 * (nothing a template prints is trusted HTML), partials, values printed that are not
 * text, and links whose address is built from variables (a click may only lead to an
 * address written in the template). An empty list means it renders for any context.
 */
export function templateProblems(source: string, field: string, channel: TemplateChannel, options: { partials?: readonly string[] } = {}): FieldProblem[] {
  let program: hbs.AST.Program;
  try {
    program = Handlebars.parse(source);
  } catch (error) {
    return [syntaxProblem(source, field, error)];
  }
  const problems: FieldProblem[] = [];
  const add = (code: FieldProblem['code'], node: Node, params: ErrorParams = {}) =>
    problems.push({ field, code, params: { ...params, line: node.loc.start.line, column: node.loc.start.column + 1 } });
  const walker = new ScopeWalker(variablesFor(channel), add, options.partials ?? []);
  walker.program(program, []);
  for (const match of source.matchAll(DYNAMIC_LINK)) {
    problems.push({ field, code: 'template_link_not_static', params: { line: lineAt(source, match.index ?? 0) } });
  }
  if (problems.length === 0) {
    try {
      Handlebars.precompile(source, { strict: true, knownHelpersOnly: true, knownHelpers: knownHelpers() });
    } catch (error) {
      problems.push(syntaxProblem(source, field, error));
    }
  }
  return problems;
}

export function knownHelpers(): Record<string, boolean> {
  return Object.fromEntries(Object.keys(TEMPLATE_HELPERS).map((name) => [name, true]));
}

/** The scopes a block opens: the root context, then what `#each` and `#with` enter. */
class ScopeWalker {
  constructor(
    private readonly root: VariableShape,
    private readonly add: (code: FieldProblem['code'], node: Node, params?: ErrorParams) => void,
    private readonly partials: readonly string[],
  ) {}

  program(program: hbs.AST.Program | undefined, stack: VariableShape[]): void {
    for (const statement of program?.body ?? []) this.statement(statement, stack);
  }

  private statement(node: hbs.AST.Statement, stack: VariableShape[]): void {
    switch (node.type) {
      case 'MustacheStatement': {
        const mustache = node as hbs.AST.MustacheStatement;
        if (!mustache.escaped) this.add('template_unescaped', node);
        this.call(mustache.path, mustache.params, mustache.hash, stack, true);
        return;
      }
      case 'BlockStatement': {
        const block = node as hbs.AST.BlockStatement;
        this.block(block, stack);
        return;
      }
      case 'PartialStatement':
      case 'PartialBlockStatement': {
        const partial = node as hbs.AST.PartialStatement;
        const name = partial.name.type === 'PathExpression' ? (partial.name as hbs.AST.PathExpression).original : '';
        if (!this.partials.includes(name)) this.add('template_partial_not_allowed', node, { partial: name || '?' });
        return;
      }
      case 'DecoratorBlock':
      case 'Decorator':
        this.add('template_partial_not_allowed', node, { partial: '*' });
        return;
      default:
        return; // text and comments
    }
  }

  private block(block: hbs.AST.BlockStatement, stack: VariableShape[]): void {
    const path = block.path as hbs.AST.PathExpression;
    const name = path.type === 'PathExpression' ? path.original : '';
    if (!(BLOCK_HELPERS as readonly string[]).includes(name)) {
      this.add('template_unknown_helper', block, { helper: name || '?' });
      return;
    }
    if (block.params.length !== 1 || (block.hash && block.hash.pairs.length > 0) || block.program.blockParams?.length) {
      this.add('template_helper_arguments', block, { helper: name, count: 1 });
      return;
    }
    const subject = this.expression(block.params[0], stack);
    if (name === 'each') {
      if (subject && subject.kind !== 'list') this.add('template_not_a_list', block, { variable: describe(block.params[0]) });
      this.program(block.program, subject?.kind === 'list' ? [...stack, subject.of] : stack);
    } else if (name === 'with') {
      if (subject && subject.kind !== 'object') this.add('template_not_an_object', block, { variable: describe(block.params[0]) });
      this.program(block.program, subject?.kind === 'object' ? [...stack, subject] : stack);
    } else {
      this.program(block.program, stack);
    }
    this.program(block.inverse, stack);
  }

  /** `{{path}}` or `{{helper arg…}}`; printed values must be text. */
  private call(path: Expression, params: Expression[], hash: hbs.AST.Hash | undefined, stack: VariableShape[], printed: boolean): VariableShape | undefined {
    const pathNode = path as hbs.AST.PathExpression;
    const helper = path.type === 'PathExpression' && !pathNode.data && pathNode.parts.length === 1 ? TEMPLATE_HELPERS[pathNode.original] : undefined;
    if (params.length > 0 || (hash && hash.pairs.length > 0) || helper) {
      if (!helper) {
        this.add('template_unknown_helper', path, { helper: describe(path) });
        return undefined;
      }
      if (params.length !== helper.arguments || (hash && hash.pairs.length > 0)) {
        this.add('template_helper_arguments', path, { helper: pathNode.original, count: helper.arguments });
        return undefined;
      }
      for (const param of params) {
        const shape = this.expression(param, stack);
        if (shape && shape.kind !== 'text' && shape.kind !== 'date') this.add('template_not_printable', param, { variable: describe(param) });
      }
      return { kind: 'text' };
    }
    const shape = this.expression(path, stack);
    if (printed && shape && shape.kind !== 'text' && shape.kind !== 'date') this.add('template_not_printable', path, { variable: describe(path) });
    return shape;
  }

  /** The shape of what an expression names, or undefined (with a problem added) when it names nothing known. */
  private expression(node: Expression, stack: VariableShape[]): VariableShape | undefined {
    switch (node.type) {
      case 'PathExpression':
        return this.path(node as hbs.AST.PathExpression, stack);
      case 'SubExpression': {
        const sub = node as hbs.AST.SubExpression;
        return this.call(sub.path, sub.params, sub.hash, stack, false);
      }
      case 'StringLiteral':
      case 'NumberLiteral':
      case 'BooleanLiteral':
        return { kind: 'text' };
      default:
        this.add('template_unknown_variable', node, { variable: describe(node) });
        return undefined;
    }
  }

  private path(path: hbs.AST.PathExpression, stack: VariableShape[]): VariableShape | undefined {
    const unknown = () => {
      this.add('template_unknown_variable', path, { variable: path.original });
      return undefined;
    };
    let parts = path.parts;
    let shape: VariableShape;
    if (path.data) {
      // @index, @first, @last inside #each; @root.… from anywhere.
      if (parts[0] === 'root') {
        shape = this.root;
        parts = parts.slice(1);
      } else if (['index', 'first', 'last'].includes(parts[0]) && parts.length === 1 && stack.length > 0) {
        return { kind: 'text' };
      } else {
        return unknown();
      }
    } else {
      const scopes = [this.root, ...stack];
      const at = scopes.length - 1 - path.depth;
      if (at < 0) return unknown();
      shape = scopes[at];
    }
    for (const part of parts) {
      if (shape.kind !== 'object' || !Object.prototype.hasOwnProperty.call(shape.fields, part)) return unknown();
      shape = shape.fields[part];
    }
    return shape;
  }
}

function describe(node: Node): string {
  if (node.type === 'PathExpression') return (node as hbs.AST.PathExpression).original;
  if (node.type === 'SubExpression') return `(${describe((node as hbs.AST.SubExpression).path)} …)`;
  return node.type;
}

function lineAt(source: string, index: number): number {
  return source.slice(0, index).split('\n').length;
}

/** Handlebars' parse errors name the line ("Parse error on line 3:"); the problem quotes that line. */
function syntaxProblem(source: string, field: string, error: unknown): FieldProblem {
  const message = error instanceof Error ? error.message : String(error);
  const located = error as { lineNumber?: number };
  const line = Number(/on line (\d+)/.exec(message)?.[1] ?? located.lineNumber ?? 1);
  const near = (source.split('\n')[line - 1] ?? '').trim().slice(0, 80);
  return { field, code: 'template_syntax', params: { line, near } };
}
