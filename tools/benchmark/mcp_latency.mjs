// run_cell of one cell through `jaudit-kernel.jar mcp`, timed in the MCP client the way an agent calls
// it (the official TypeScript SDK's client over stdio). Prints the times in ms as a JSON list.
//
//   node mcp_latency.mjs MODULES REPEATS CODE JAVA JAR KERNEL
import { createRequire } from 'node:module';
import path from 'node:path';

const [modules, repeats, code, java, jar, kernel] = process.argv.slice(2);
const require = createRequire(path.join(modules, 'package.json'));
const { Client } = require('@modelcontextprotocol/sdk/client/index.js');
const { StdioClientTransport } = require('@modelcontextprotocol/sdk/client/stdio.js');

const client = new Client({ name: 'jaudit-bench', version: '1.0.0' });
await client.connect(new StdioClientTransport({ command: java, args: ['-jar', jar, 'mcp', '--kernel', kernel],
  env: process.env, stderr: 'ignore' }));
const run = async () => {
  const result = await client.callTool({ name: 'run_cell', arguments: { code } });
  if (result.isError) throw new Error(JSON.stringify(result));
};
for (let i = 0; i < 5; i++) await run();  // warm-up, as the jupyter_client figure has
const times = [];
for (let i = 0; i < Number(repeats); i++) {
  const started = performance.now();
  await run();
  times.push(performance.now() - started);
}
console.log(JSON.stringify(times));
await client.close();
process.exit(0);
