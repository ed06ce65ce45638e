import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ExpressionPlanSchema } from '../../../core/plan/expression-plan.js';
import { formatPlan } from '../../../local/cli/output/format-plan.js';
import { intensityBar } from '../../../local/cli/output/intensity-bar.js';
import { colorEnabled, visibleLength } from '../../../local/cli/output/style.js';
import { samplePlan } from '../../functions/think/fixtures.js';

/** Runs `npx tsx local/cli/main.ts think ...` with no colour and no AWS settings. */
function tbdThink(...args: string[]) {
  const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, BEDROCK_MODEL_ID: undefined };
  const result = spawnSync('npx', ['tsx', 'local/cli/main.ts', 'think', ...args], {
    encoding: 'utf8',
    env,
    timeout: 30_000,
  });
  // npx may warn about npm config on stderr; keep only our lines.
  const stderr = result.stderr
    .split('\n')
    .filter((line) => line && !line.startsWith('npm warn'))
    .join('\n');
  return { status: result.status, stdout: result.stdout, stderr };
}

describe('tbd think (process)', () => {
  it('--json prints exactly one plan on stdout', () => {
    // Act
    const { status, stdout, stderr } = tbdThink('quietly heartbroken', '--json');

    // Assess
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const plan = ExpressionPlanSchema.parse(JSON.parse(stdout));
    expect(plan.prompt).toBe('quietly heartbroken');
    expect(plan.reasoner).toBe('facs');
  });

  it('prints the chain of thought and an AU table on a terminal', () => {
    // Act
    const { status, stdout } = tbdThink('pleased at first, then quietly hurt');

    // Assess
    expect(status).toBe(0);
    expect(stdout).toContain('Chain of thought');
    expect(stdout).toMatch(/AU\s+name\s+intensity\s+side\s+region/);
    expect(stdout).toMatch(/AU\d+/);
  });

  it('refuses an empty text with exit code 2 and one clear line on stderr', () => {
    // Act
    const { status, stdout, stderr } = tbdThink('', '--json');

    // Assess
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^tbd think: invalid emotion text/);
    expect(stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('refuses an unknown reasoner with exit code 2', () => {
    // Act
    const { status, stderr } = tbdThink('sad', '--reasoner', 'gpt');

    // Assess
    expect(status).toBe(2);
    expect(stderr).toMatch(/Allowed choices are facs, bedrock/);
    expect(stderr.split('\n')).toHaveLength(1);
  });
});

describe('formatPlan', () => {
  it('shows chain, emotions, valence/arousal, AU rows with region, and region texts', () => {
    // Act
    const text = formatPlan(samplePlan(), { width: 80 });

    // Assess
    expect(text).toContain('Chain of thought');
    expect(text).toMatch(/1\. appraisal\s+A pleasant event/);
    expect(text).toContain('Segment 2/2 [40% – 100%]');
    expect(text).toContain('sad 0.80 · hurt 0.20');
    expect(text).toContain('valence   -0.50   arousal 0.30');
    expect(text).toMatch(/AU12\s+Lip Corner Puller\s+█+▏?\s*0\.60 C\s+both\s+mouth/);
    expect(text).toMatch(/brows\s+inner brows raised/);
    expect(text).toContain('blink 14/min');
    expect(text).not.toContain('\u001b[');
  });

  it('colours only when asked, keeping the columns aligned', () => {
    // Act
    const plain = formatPlan(samplePlan()).split('\n');
    const coloured = formatPlan(samplePlan(), { color: true }).split('\n');

    // Assess
    expect(coloured.join('\n')).toContain('\u001b[');
    expect(coloured.map(visibleLength)).toEqual(plain.map((line) => line.length));
  });
});

describe('terminal helpers', () => {
  it('draws bars with eighth-block resolution at a fixed width', () => {
    expect(intensityBar(0)).toBe(' '.repeat(10));
    expect(intensityBar(1)).toBe('█'.repeat(10));
    expect(intensityBar(0.55)).toBe('█████▌    ');
    expect(intensityBar(7)).toHaveLength(10);
  });

  it('honours NO_COLOR and FORCE_COLOR', () => {
    expect(colorEnabled({ isTTY: true }, {})).toBe(true);
    expect(colorEnabled({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(colorEnabled({ isTTY: false }, { FORCE_COLOR: '1' })).toBe(true);
    expect(colorEnabled({ isTTY: false }, {})).toBe(false);
  });
});
