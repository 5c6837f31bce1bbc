/**
 * Fuzzing the pre-flight (issue 23): 500 random configs per experiment kind, drawn from the
 * kinds' own zod schemas (right and wrong types, boundary, huge and tiny numbers, unicode,
 * prototype keys, extra fields), each run through `preflight` only. Every one must either
 * pass or throw a UserError (never anything else), take under a second, and write nothing.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { afterAll, describe, expect, it } from 'vitest';
import { PRESETS, UserError, type ExperimentConfig } from '../pipeline/config.ts';
import { MLP_BIPARTITE_CONFIG } from '../pipeline/experiments/mlp-bipartite/config.ts';
import { MLP_CLASSES_CONFIG } from '../pipeline/experiments/mlp-classes/config.ts';
import { MLP_SCRAMBLED_CONFIG } from '../pipeline/experiments/mlp-scrambled/config.ts';
import { VAE_BETA_CONFIG } from '../pipeline/experiments/vae-beta/config.ts';
import { preflight } from '../pipeline/preflight.ts';
import { createRandom, type Random } from '../pipeline/util/random.ts';

const CASES_PER_KIND = 500;
const dir = mkdtempSync(join(tmpdir(), 'structviz-fuzz-'));
const out = join(dir, 'out');
const cache = join(dir, 'cache');
mkdirSync(out);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PROTO_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];
const STRINGS = [
  ...PROTO_KEYS,
  '',
  'mnist',
  'fashion-mnist',
  'spiral',
  'moons',
  'mlp-classes',
  'vae-beta',
  'ß',
  '💥',
  '\u202e',
  '\u0000',
  'a'.repeat(300),
  '../x',
  '日本語',
];
const NUMBERS = [
  0,
  -0,
  -1,
  1,
  2,
  0.5,
  1e-300,
  5e-324,
  1e300,
  1.7976931348623157e308,
  1e7,
  1e9,
  2 ** 53,
  -1e9,
];

const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)];

/** Any JSON value of the wrong kind, sometimes. */
function wrongType(random: Random): unknown {
  return pick(random, [null, true, 'x', [], {}, [1, 2], { a: 1 }, pick(random, STRINGS)]);
}

function numberFor(schema: z.ZodNumber, random: Random): number {
  const checks = schema._def.checks;
  const int = checks.some((c) => c.kind === 'int');
  const min = checks.find((c) => c.kind === 'min')?.value ?? -10;
  const max = checks.find((c) => c.kind === 'max')?.value ?? Math.max(min, 0) + 1000;
  const r = random();
  if (r < 0.25) return pick(random, NUMBERS);
  if (r < 0.45) return pick(random, [min, max, min - 1, max + 1, min + 0.5]);
  const value = min + random() * Math.min(max - min, 1e6);
  return int ? Math.round(value) : value;
}

/** A random JSON value shaped (mostly) like schema. */
function draw(schema: z.ZodTypeAny, random: Random, depth = 0): unknown {
  if (random() < 0.04 || depth > 6) return wrongType(random);
  if (schema instanceof z.ZodOptional)
    return random() < 0.3 ? undefined : draw(schema.unwrap() as z.ZodTypeAny, random, depth);
  if (schema instanceof z.ZodEffects)
    return draw(schema.innerType() as z.ZodTypeAny, random, depth);
  if (schema instanceof z.ZodLiteral) return schema.value as unknown;
  if (schema instanceof z.ZodNumber) return numberFor(schema, random);
  if (schema instanceof z.ZodBoolean) return random() < 0.5;
  if (schema instanceof z.ZodString) return pick(random, STRINGS);
  if (schema instanceof z.ZodArray) {
    const lo = schema._def.minLength?.value ?? 0;
    const hi = schema._def.maxLength?.value ?? 8;
    const n = Math.max(0, Math.round(lo - 1 + random() * (hi - lo + 2)));
    return Array.from({ length: n }, () => draw(schema.element as z.ZodTypeAny, random, depth + 1));
  }
  if (schema instanceof z.ZodObject) {
    const value: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(schema.shape as Record<string, z.ZodTypeAny>)) {
      if (random() < 0.05) continue; // a missing field
      const v = draw(field, random, depth + 1);
      if (v !== undefined) value[key] = v;
    }
    if (random() < 0.1) value[pick(random, [...PROTO_KEYS, 'extra', 'ß'])] = wrongType(random);
    return value;
  }
  return wrongType(random);
}

/** A preset config of that kind with a few fields redrawn: reaches the checks past the schema. */
function mutate(
  base: ExperimentConfig,
  schema: z.ZodObject<z.ZodRawShape>,
  random: Random,
): Record<string, unknown> {
  const value: Record<string, unknown> = structuredClone(base);
  const keys = Object.keys(schema.shape);
  const changes = 1 + Math.floor(random() * 3);
  for (let i = 0; i < changes; i++) {
    const key = pick(random, keys);
    value[key] = draw(schema.shape[key], random);
  }
  return value;
}

const KINDS: [string, z.ZodObject<z.ZodRawShape>, string][] = [
  ['mlp-classes', MLP_CLASSES_CONFIG, 'mlp-toy'],
  ['mlp-scrambled', MLP_SCRAMBLED_CONFIG, 'mlp-scrambled'],
  ['mlp-bipartite', MLP_BIPARTITE_CONFIG, 'mlp-bipartite'],
  ['vae-beta', VAE_BETA_CONFIG, 'vae-beta'],
];

describe('pre-flight fuzz', () => {
  it.each(KINDS)(
    '%s: 500 random configs give only user errors, each within a second, writing nothing',
    (kind, schema, presetName) => {
      const random = createRandom(kind.length * 7919 + 23);
      const base = PRESETS.quick?.[presetName];
      const outcomes = { passed: 0, userErrors: 0 };
      const failures: string[] = [];
      let slowest = 0;
      for (let i = 0; i < CASES_PER_KIND; i++) {
        const r = random();
        // Half near the preset (deep checks), half drawn from the schema alone (shape checks).
        const config = r < 0.5 ? mutate(base, schema, random) : draw(schema, random);
        const name =
          random() < 0.8
            ? presetName
            : pick(random, [...PROTO_KEYS, 'mine', 'Ünïcode', 'a'.repeat(70)]);
        const text =
          random() < 0.05
            ? pick(random, [
                '',
                '[]',
                'null',
                '{"experiments": []}',
                `{"seed": ${pick(random, NUMBERS)}, "experiments": {}}`,
              ])
            : JSON.stringify({ experiments: { [name]: config } });
        const path = join(dir, `config-${kind}-${i}.json`);
        writeFileSync(path, text);
        const started = performance.now();
        try {
          preflight({
            preset: 'quick',
            out,
            cacheDir: cache,
            configPath: path,
            ...(random() < 0.7 ? { only: [name] } : {}),
          });
          outcomes.passed++;
        } catch (error) {
          if (error instanceof UserError) outcomes.userErrors++;
          else failures.push(`case ${i}: ${String(error)}\n${text.slice(0, 400)}`);
        }
        const ms = performance.now() - started;
        slowest = Math.max(slowest, ms);
        if (ms > 1000) failures.push(`case ${i}: ${ms.toFixed(0)} ms\n${text.slice(0, 400)}`);
        rmSync(path);
      }
      expect(failures).toEqual([]);
      // Both outcomes occur: the generator reaches past the schema, and refuses bad values.
      expect(outcomes.passed).toBeGreaterThan(10);
      expect(outcomes.userErrors).toBeGreaterThan(100);
      expect(slowest).toBeLessThan(1000);
      expect(readdirSync(out)).toEqual([]);
      expect(readdirSync(dir).filter((f) => f !== 'out')).toEqual([]);
      console.log(
        `${kind}: ${outcomes.passed} passed, ${outcomes.userErrors} user errors, slowest ${slowest.toFixed(0)} ms`,
      );
    },
    120_000,
  );
});
