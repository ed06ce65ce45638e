#!/usr/bin/env node
// Global entry for `npm link`: registers tsx's TypeScript loader in this process (no child
// process, so signals and exit codes are the CLI's own) and runs the CLI from any directory.
import { register } from 'tsx/esm/api';

register();
await import(new URL('../cli/main.ts', import.meta.url).href);
