import { buildSchema, GraphQLError, parse, validate, type ValidationRule } from 'graphql';
import { maxAliasesRule, maxDepthRule, maxRootFieldsRule, parseWithTokenLimit } from './limits';

const schema = buildSchema(`
  type Region { name: String parent: Region }
  type Query { region(code: ID): Region regions: [Region] }
`);

const check = (query: string, rule: ValidationRule) => validate(schema, parse(query), [rule]);

/** `{ region { parent { ... { name } } } }` with `depth` (at least 2) field levels in total. */
const nested = (depth: number): string => {
  let inner = 'name';
  for (let level = 3; level <= depth; level++) inner = `parent { ${inner} }`;
  return `{ region { ${inner} } }`;
};

describe('maxDepthRule', () => {
  it('accepts a query exactly at the limit', () => {
    expect(check(nested(4), maxDepthRule(4))).toEqual([]);
  });

  it('refuses a query one level deeper than the limit', () => {
    const errors = check(nested(5), maxDepthRule(4));
    expect(errors).toHaveLength(1);
    expect(errors[0].extensions).toEqual({ code: 'OPERATION_LIMIT', limit: 'maxDepth', max: 4 });
    expect(errors[0].message).toContain('depth 5');
  });

  it('counts a leaf root field as depth 1', () => {
    expect(check('{ regions { name } }', maxDepthRule(1))).toHaveLength(1);
    expect(check('{ regions { name } }', maxDepthRule(2))).toEqual([]);
  });

  it('counts depth through named fragments', () => {
    const query = `
      { region { ...Up } }
      fragment Up on Region { parent { parent { name } } }
    `;
    expect(check(query, maxDepthRule(4))).toEqual([]);
    expect(check(query, maxDepthRule(3))).toHaveLength(1);
  });

  it('counts depth through nested named fragments', () => {
    const query = `
      { region { ...A } }
      fragment A on Region { parent { ...B } }
      fragment B on Region { parent { name } }
    `;
    expect(check(query, maxDepthRule(4))).toEqual([]);
    expect(check(query, maxDepthRule(3))).toHaveLength(1);
  });

  it('counts depth through inline fragments without adding a level for the fragment itself', () => {
    const query = '{ region { ... on Region { parent { name } } } }';
    expect(check(query, maxDepthRule(3))).toEqual([]);
    expect(check(query, maxDepthRule(2))).toHaveLength(1);
  });

  it('does not count introspection fields', () => {
    const introspection = '{ __schema { types { fields { type { ofType { name } } } } } }';
    expect(check(introspection, maxDepthRule(1))).toEqual([]);
    expect(check('{ region { __typename } }', maxDepthRule(1))).toEqual([]);
  });

  it('checks each operation of a document separately', () => {
    const query = `query A { region { name } } query B { region { parent { name } } }`;
    const errors = check(query, maxDepthRule(2));
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toContain('depth 3');
  });
});

describe('maxAliasesRule', () => {
  const aliased = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: regions { name }`).join(' ')} }`;

  it('accepts exactly the allowed number of aliases', () => {
    expect(check(aliased(3), maxAliasesRule(3))).toEqual([]);
  });

  it('refuses one alias more than allowed', () => {
    const errors = check(aliased(4), maxAliasesRule(3));
    expect(errors).toHaveLength(1);
    expect(errors[0].extensions).toEqual({ code: 'OPERATION_LIMIT', limit: 'maxAliases', max: 3 });
  });

  it('counts aliases on nested fields and inside fragments', () => {
    const query = `
      { x: region { y: name ...F } }
      fragment F on Region { z: parent { name } }
    `;
    expect(check(query, maxAliasesRule(3))).toEqual([]);
    expect(check(query, maxAliasesRule(2))).toHaveLength(1);
  });

  it('does not count unaliased fields', () => {
    expect(check('{ region { name parent { name } } regions { name } }', maxAliasesRule(0))).toEqual([]);
  });
});

describe('maxRootFieldsRule', () => {
  it('accepts exactly the allowed number of root fields', () => {
    expect(check('{ a: region { name } b: region { name } }', maxRootFieldsRule(2))).toEqual([]);
  });

  it('refuses one root field more than allowed', () => {
    const errors = check('{ a: region { name } b: region { name } regions { name } }', maxRootFieldsRule(2));
    expect(errors).toHaveLength(1);
    expect(errors[0].extensions).toEqual({ code: 'OPERATION_LIMIT', limit: 'maxRootFields', max: 2 });
  });

  it('counts root fields spread from a named fragment', () => {
    const query = `
      { regions { name } ...Roots }
      fragment Roots on Query { a: region { name } b: region { name } }
    `;
    expect(check(query, maxRootFieldsRule(3))).toEqual([]);
    expect(check(query, maxRootFieldsRule(2))).toHaveLength(1);
  });

  it('counts root fields inside an inline fragment', () => {
    const query = '{ regions { name } ... on Query { region { name } } }';
    expect(check(query, maxRootFieldsRule(2))).toEqual([]);
    expect(check(query, maxRootFieldsRule(1))).toHaveLength(1);
  });

  it('does not count introspection root fields', () => {
    const query = '{ __typename __schema { queryType { name } } regions { name } }';
    expect(check(query, maxRootFieldsRule(1))).toEqual([]);
  });

  it('does not count nested fields as root fields', () => {
    expect(check('{ region { name parent { name } } }', maxRootFieldsRule(1))).toEqual([]);
  });
});

describe('parseWithTokenLimit', () => {
  // `{ a b c }` is 5 tokens: { a b c }
  it('parses a document with exactly maxTokens tokens', () => {
    expect(parseWithTokenLimit('{ a b c }', 5).definitions).toHaveLength(1);
  });

  it('passes parse options through', () => {
    const doc = parseWithTokenLimit('{ a }', 10, { noLocation: true });
    expect(doc.loc).toBeUndefined();
  });

  it('leaves an ordinary syntax error as a syntax error', () => {
    let caught: unknown;
    try {
      parseWithTokenLimit('{ a ', 100);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(GraphQLError);
    expect((caught as GraphQLError).message).toContain('Syntax Error');
    expect((caught as GraphQLError).extensions.code).toBeUndefined();
  });
});

describe('limits that fragments must not get around', () => {
  it('reports the token limit as an operation limit, exactly past it', () => {
    expect(() => parseWithTokenLimit('{ a b c }', 5)).not.toThrow();
    let caught: unknown;
    try {
      parseWithTokenLimit('{ a b c d }', 5);
    } catch (error) {
      caught = error;
    }
    expect((caught as GraphQLError).extensions).toEqual({ code: 'OPERATION_LIMIT', limit: 'maxTokens', max: 5 });
  });

  it('does not mistake user text that mentions tokens for the token limit', () => {
    expect(() => parseWithTokenLimit('{ "more that 5 tokens" }', 100)).toThrow(/Syntax Error/);
    try {
      parseWithTokenLimit('{ "more that 5 tokens" }', 100);
    } catch (error) {
      expect((error as GraphQLError).extensions.code).toBeUndefined();
    }
  });

  it('survives a fragment cycle in the root-field count', () => {
    const query = '{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }';
    expect(() => check(query, maxRootFieldsRule(10))).not.toThrow();
  });

  it('counts aliases each time a fragment is spread', () => {
    const query = `{ a: region { ...F } b: region { ...F } } fragment F on Region { p1: name p2: name p3: name p4: name }`;
    expect(check(query, maxAliasesRule(10))).toEqual([]);
    expect(check(query, maxAliasesRule(9))[0].extensions).toMatchObject({ limit: 'maxAliases', max: 9 });
  });
});
