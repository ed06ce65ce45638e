/**
 * `tbd`: the think-before-draw command line. Each command lives in its own file under
 * `local/cli/commands/` and registers itself on the program.
 */
import { Command } from 'commander';
import { registerGenerate } from './commands/generate.js';
import { registerMotion } from './commands/motion.js';
import { registerSampler } from './commands/sampler.js';
import { registerServe } from './commands/serve.js';
import { registerThink } from './commands/think.js';

const program = new Command()
  .name('tbd')
  .description('think-before-draw: emotional talking-head videos from a portrait, speech and an emotion text')
  .showHelpAfterError();

registerThink(program);
registerMotion(program);
registerGenerate(program);
registerSampler(program);
registerServe(program);

await program.parseAsync(process.argv);
