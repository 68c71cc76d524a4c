import './formats';
import type { Static, TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { Value } from '@sinclair/typebox/value';

/** One validation problem, with a JSON-pointer-like path such as `/properties/product_id`. */
export interface ValidationIssue {
  path: string;
  message: string;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; issues: ValidationIssue[] };

export interface Validator<S extends TSchema> {
  readonly schema: S;
  /** Checks `input` as is (no defaults, no coercion). */
  check(input: unknown): Validated<Static<S>>;
}

const MAX_ISSUES = 20;

/**
 * Compiles a TypeBox schema once. The same schema object is what Fastify routes, OpenAPI and
 * the TypeScript types use, so there is one definition of every message and body.
 */
export function compileValidator<S extends TSchema>(schema: S): Validator<S> {
  const compiled = TypeCompiler.Compile(schema);
  return {
    schema,
    check(input) {
      if (compiled.Check(input)) return { ok: true, value: input };
      const issues: ValidationIssue[] = [];
      for (const error of compiled.Errors(input)) {
        issues.push({ path: error.path || '/', message: error.message });
        if (issues.length >= MAX_ISSUES) break;
      }
      return { ok: false, issues: dedupe(issues) };
    },
  };
}

/** Applies schema defaults and converts strings to the declared primitive types (env, query). */
export function coerceWithDefaults<S extends TSchema>(schema: S, input: unknown): unknown {
  const withDefaults = Value.Default(schema, Value.Clone(input));
  return Value.Convert(schema, withDefaults);
}

function dedupe(issues: ValidationIssue[]): ValidationIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function formatIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((i) => `${i.path}: ${i.message}`).join('; ');
}
