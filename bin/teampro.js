#!/usr/bin/env node
// The installed command: runs the CLI compiled by `npm run build` (the `prepare` script builds it on npm install).
import { main } from '../dist/cli/index.js';

await main();
