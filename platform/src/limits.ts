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

export function maxAliasesRule(max: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    let aliases = 0;
    return {
      Field(node) {
        if (node.alias) aliases++;
      },
      Document: {
        leave() {
          if (aliases > max) {
            context.reportError(limitError(`Operation uses ${aliases} aliases; the limit is ${max} (maxAliases)`, 'maxAliases', max));
          }
        },
      },
    };
  };
}

export function maxRootFieldsRule(max: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(node) {
      const fragments = fragmentsOf(context.getDocument());
      const count = (set: SelectionSetNode): number =>
        set.selections.reduce((n, sel) => {
          if (sel.kind === Kind.FIELD) return n + (isIntrospection(sel.name.value) ? 0 : 1);
          if (sel.kind === Kind.INLINE_FRAGMENT) return n + count(sel.selectionSet);
          const fragment = fragments.get(sel.name.value);
          return n + (fragment ? count(fragment.selectionSet) : 0);
        }, 0);
      const roots = count(node.selectionSet);
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
    if (error instanceof GraphQLError && /more than \d+ tokens/.test(error.message)) {
      throw limitError(`Operation has more than ${maxTokens} tokens (maxTokens)`, 'maxTokens', maxTokens);
    }
    throw error;
  }
}
