import {
  GraphQLError,
  Kind,
  parse,
  type ASTVisitor,
  type DocumentNode,
  type FragmentDefinitionNode,
  type ParseOptions,
  type SelectionSetNode,
  type Source,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { ErrorCode } from './errors';
import type { Limits } from './config';

const limitError = (message: string, limit: string, max: number) =>
  new GraphQLError(message, { extensions: { code: ErrorCode.OPERATION_LIMIT, limit, max } });

/** Introspection is deep by nature and cheap; GraphiQL must keep working under the depth cap. */
const isIntrospection = (name: string) => name.startsWith('__');

function selectionDepth(
  set: SelectionSetNode | undefined,
  fragments: Map<string, FragmentDefinitionNode>,
  visiting: Set<string>,
): number {
  if (!set) return 0;
  let max = 0;
  for (const sel of set.selections) {
    let d = 0;
    if (sel.kind === Kind.FIELD) {
      if (isIntrospection(sel.name.value)) continue;
      d = sel.selectionSet ? 1 + selectionDepth(sel.selectionSet, fragments, visiting) : 1;
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      d = selectionDepth(sel.selectionSet, fragments, visiting);
    } else {
      const name = sel.name.value;
      const fragment = fragments.get(name);
      if (!fragment || visiting.has(name)) continue; // cycles are reported by the standard rules
      visiting.add(name);
      d = selectionDepth(fragment.selectionSet, fragments, visiting);
      visiting.delete(name);
    }
    if (d > max) max = d;
  }
  return max;
}

function fragmentsOf(doc: DocumentNode): Map<string, FragmentDefinitionNode> {
  const map = new Map<string, FragmentDefinitionNode>();
  for (const def of doc.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) map.set(def.name.value, def);
  return map;
}

export function maxDepthRule(max: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(node) {
      const depth = selectionDepth(node.selectionSet, fragmentsOf(context.getDocument()), new Set());
      if (depth > max) {
        context.reportError(limitError(`Query depth ${depth} exceeds the limit of ${max} (maxDepth)`, 'maxDepth', max));
      }
    },
  });
}

/**
 * Aliases are counted where they execute: a fragment spread twice counts twice, otherwise one
 * aliased fragment reused at every level would multiply work past the limit. Counting stops as
 * soon as the limit is passed, so a hostile document cannot make the count itself expensive.
 */
export function maxAliasesRule(max: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(node) {
      const fragments = fragmentsOf(context.getDocument());
      let aliases = 0;
      const walk = (set: SelectionSetNode, visiting: Set<string>): void => {
        for (const sel of set.selections) {
          if (aliases > max) return;
          if (sel.kind === Kind.FIELD) {
            if (sel.alias) aliases++;
            if (sel.selectionSet) walk(sel.selectionSet, visiting);
          } else if (sel.kind === Kind.INLINE_FRAGMENT) {
            walk(sel.selectionSet, visiting);
          } else {
            const fragment = fragments.get(sel.name.value);
            if (!fragment || visiting.has(sel.name.value)) continue;
            visiting.add(sel.name.value);
            walk(fragment.selectionSet, visiting);
            visiting.delete(sel.name.value);
          }
        }
      };
      walk(node.selectionSet, new Set());
      if (aliases > max) {
        context.reportError(limitError(`Operation uses more than ${max} aliases (maxAliases)`, 'maxAliases', max));
      }
    },
  });
}

export function maxRootFieldsRule(max: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(node) {
      const fragments = fragmentsOf(context.getDocument());
      const count = (set: SelectionSetNode, visiting: Set<string>): number =>
        set.selections.reduce((n, sel) => {
          if (sel.kind === Kind.FIELD) return n + (isIntrospection(sel.name.value) ? 0 : 1);
          if (sel.kind === Kind.INLINE_FRAGMENT) return n + count(sel.selectionSet, visiting);
          const fragment = fragments.get(sel.name.value);
          if (!fragment || visiting.has(sel.name.value)) return n; // cycles are reported by the standard rules
          const inner = count(fragment.selectionSet, new Set(visiting).add(sel.name.value));
          return n + inner;
        }, 0);
      const roots = count(node.selectionSet, new Set());
      if (roots > max) {
        context.reportError(limitError(`Operation selects ${roots} root fields; the limit is ${max} (maxRootFields)`, 'maxRootFields', max));
      }
    },
  });
}

export function operationLimitRules(limits: Limits): ValidationRule[] {
  return [maxDepthRule(limits.maxDepth), maxAliasesRule(limits.maxAliases), maxRootFieldsRule(limits.maxRootFields)];
}

/** graphql-js stops lexing past maxTokens; we re-label its syntax error as an operation limit. */
export function parseWithTokenLimit(source: string | Source, maxTokens: number, options?: ParseOptions): DocumentNode {
  try {
    return parse(source, { ...options, maxTokens });
  } catch (error) {
    // graphql-js words it "more that N tokens" (sic); match the exact sentence so that user text
    // quoted in some other syntax error can never pass for it.
    const exceeded = new RegExp(`^Syntax Error: Document contains more (?:than|that) ${maxTokens} tokens\\. Parsing aborted\\.$`);
    if (error instanceof GraphQLError && exceeded.test(error.message)) {
      throw limitError(`Operation has more than ${maxTokens} tokens (maxTokens)`, 'maxTokens', maxTokens);
    }
    throw error;
  }
}
