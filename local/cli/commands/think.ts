/**
 * `tbd think "<text>"`: the Think stage alone. Prints the chain of thought and the AU tables, or
 * with `--json` exactly the plan JSON on stdout (warnings and errors go to stderr).
 *
 * Exit codes: 0 plan printed; 1 the reasoner failed (e.g. Bedrock with --no-fallback);
 * 2 bad input (empty or too long text, unknown option or value).
 *
 * Startup stays fast: registering the command loads only commander; the reasoner (and zod) load
 * when the command runs, the Bedrock adapter and the AWS SDK only for `--reasoner bedrock`, the
 * terminal formatter only without --json.
 */
import { type Command, type CommanderError, Option } from 'commander';
import type { ExpressionPlan } from '../../../core/plan/expression-plan.js';
import type { Reasoner } from '../../../core/plan/reasoner.js';
import { REASONER_CHOICES, type ReasonerChoice } from '../../../functions/think/reasoner-choices.js';
import { EXIT_CODES, reportError } from '../usage-error.js';

export const THINK_CLI_DEFAULTS = {
  /** The offline reasoner: no account, no network. @default 'facs' */
  reasoner: 'facs',
} as const satisfies { reasoner: ReasonerChoice };

interface ThinkCliOptions {
  readonly reasoner: ReasonerChoice;
  readonly modelId?: string;
  readonly region?: string;
  readonly json?: boolean;
  readonly fallback: boolean;
}

export function registerThink(program: Command): void {
  program
    .command('think')
    .description('decompose an emotion text into an expression plan: chain of thought -> FACS action units')
    .argument('<text>', 'the emotion, e.g. "pleased at first, then quietly hurt"')
    .addOption(
      new Option('-r, --reasoner <name>', 'who reasons: the offline FACS knowledge base or Amazon Bedrock')
        .choices(REASONER_CHOICES)
        .default(THINK_CLI_DEFAULTS.reasoner),
    )
    .addOption(
      new Option('--model-id <id>', 'Bedrock model or inference-profile id (with --reasoner bedrock)').env(
        'BEDROCK_MODEL_ID',
      ),
    )
    .addOption(
      new Option('--region <region>', 'AWS region of Bedrock (with --reasoner bedrock)').env('AWS_REGION'),
    )
    .option('--no-fallback', 'with bedrock: fail instead of falling back to the facs reasoner')
    .option('--json', 'print exactly the plan JSON on stdout')
    .showHelpAfterError(false)
    .exitOverride(exitOnUsageError)
    .action(async (text: string, options: ThinkCliOptions, command: Command) => {
      process.exitCode = await runThink(text, options, command);
    });
}

/** Commander's parse errors (unknown option, bad choice, missing text) exit with code 2. */
function exitOnUsageError(error: CommanderError): void {
  if (error.exitCode !== 0) process.exit(EXIT_CODES.badInput);
}

async function runThink(text: string, options: ThinkCliOptions, command: Command): Promise<number> {
  try {
    const reasoner = await createReasoner(options, command);
    const plan = await reasoner.reason(text);
    if (plan.reasoner !== reasoner.id) warn(`${reasoner.id} failed; plan written by ${plan.reasoner}`);
    process.stdout.write(options.json ? `${JSON.stringify(plan, null, 2)}\n` : await render(plan));
    return EXIT_CODES.ok;
  } catch (error) {
    // One line on stderr (stack with TBD_DEBUG=1); 2 for bad input such as an EmotionTextError.
    return reportError('think', error);
  }
}

async function createReasoner(options: ThinkCliOptions, command: Command): Promise<Reasoner> {
  if (options.reasoner === 'facs') {
    for (const name of ['modelId', 'region', 'fallback'] as const) {
      if (command.getOptionValueSource(name) === 'cli')
        warn(`--${kebab(name)} only applies to --reasoner bedrock`);
    }
    const { FacsReasoner } = await import('../../../core/facs/facs-reasoner.js');
    return new FacsReasoner();
  }
  // The project runs on Node 20 on purpose (see DESIGN.md); the SDK's notice about its future
  // Node 22 requirement is not news to a CLI user.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { BedrockReasoner } = await import('../../../functions/think/bedrock-reasoner.js');
  return new BedrockReasoner({
    modelId: options.modelId,
    region: options.region,
    fallback: options.fallback ? undefined : 'fail',
  });
}

async function render(plan: ExpressionPlan): Promise<string> {
  const [{ formatPlan }, { colorEnabled }] = await Promise.all([
    import('../output/format-plan.js'),
    import('../output/style.js'),
  ]);
  return formatPlan(plan, { color: colorEnabled(process.stdout), width: process.stdout.columns });
}

function warn(message: string): void {
  process.stderr.write(`tbd think: warning: ${message}\n`);
}

function kebab(name: string): string {
  return name === 'fallback' ? 'no-fallback' : name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
