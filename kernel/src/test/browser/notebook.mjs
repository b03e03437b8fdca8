// A person at Jupyter Notebook 6 in Chromium: types cells into a notebook on a jaudit kernel, runs
// them with Shift+Enter, and judges only what the page shows. Started by test_browser.py, which owns
// the notebook server; this script owns the browser.
//
//   node notebook.mjs CONFIG.json
//
// CONFIG: {base, token, notebook, askNotebook, outside, screenshots, results, modules}
//   notebook     an .ipynb on the kernel under test (its default policy)
//   askNotebook  an .ipynb on a kernelspec whose policy is {"roots": ["."], "ask": true}
//   outside      a folder outside that kernel's roots, for the files the ask check writes
//   modules      the folder whose node_modules holds playwright-core
// Each check's outcome goes to `results` ({name: {ok, message}}) as soon as it is known, so a check
// that fails never hides the ones after it.

import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { recorder } from '../drivers/checks.mjs';

const config = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const { chromium } = createRequire(path.join(config.modules, 'package.json'))('playwright-core');

const SECOND = 1000;
const KERNEL_START = 120 * SECOND;  // a cold JVM with the audit agent, on a busy 2-core machine
const CELL = 60 * SECOND;
const DOWNLOAD = 300 * SECOND;      // %maven resolves from the network on first use
const INTERRUPT = 30 * SECOND;

class CheckFailed extends Error {}

/** Fails the check with what a person would have expected and what the page showed instead. */
function expect(condition, expected, shown) {
  if (!condition) {
    throw new CheckFailed(`expected ${expected}; the page showed:\n${clip(shown)}`);
  }
}

function clip(text) {
  const shown = String(text ?? '').trimEnd();
  if (shown === '') return '(nothing)';
  return shown.length > 1500 ? shown.slice(0, 1500) + ' […]' : shown;
}

class Notebook {
  constructor(page, shots) {
    this.page = page;
    this.shots = shots;
  }

  static async open(context, file, shots) {
    const page = await context.newPage();
    page.on('pageerror', e => console.error(`[page error] ${e.message}`));
    await page.goto(`${config.base}/notebooks/${encodeURIComponent(file)}?token=${config.token}`);
    // The indicator starts busy and turns idle when the kernel answers kernel_info.
    await page.locator('#kernel_indicator_icon.kernel_idle_icon')
      .waitFor({ state: 'attached', timeout: KERNEL_START });
    return new Notebook(page, shots);
  }

  /** Types `code` into the last cell, the way a person would, and runs it with Shift+Enter. */
  async type(code) {
    const cells = this.page.locator('#notebook-container .cell.code_cell');
    const index = (await cells.count()) - 1;
    const cell = cells.nth(index);
    await cell.locator('.CodeMirror').click();
    await this.page.keyboard.press('Control+A');
    await this.page.keyboard.press('Delete');
    await this.page.keyboard.type(code);
    // The editor closes brackets and indents as it goes; make sure the cell holds what we meant.
    const typed = await cell.evaluate(el => el.querySelector('.CodeMirror').CodeMirror.getValue());
    expect(typed === code, `the cell to read ${JSON.stringify(code)} after typing`, typed);
    await this.page.keyboard.press('Shift+Enter');
    return new Cell(this, cell, index);
  }

  /** Types and runs `code`, then waits until the kernel has answered it. */
  async run(code, timeout = CELL) {
    const cell = await this.type(code);
    await cell.finished(timeout);
    return cell;
  }

  async screenshot(name) {
    await this.page.screenshot({ path: path.join(this.shots, `${name}.png`) });
  }
}

class Cell {
  constructor(notebook, locator, index) {
    this.notebook = notebook;
    this.page = notebook.page;
    this.locator = locator;
    this.index = index;
  }

  /**
   * Waits for what a person watches, the prompt's number instead of `*` and the idle indicator, and
   * for the notebook to have both the reply and the idle status of the cell's own request: the reply
   * (shell) may overtake the cell's output (iopub) on the way through the server, and the indicator
   * may still show the previous cell's idle.
   */
  async finished(timeout) {
    try {
      await this.page.waitForFunction(index => {
        const cell = document.querySelectorAll('#notebook-container .cell.code_cell')[index];
        const prompt = cell.querySelector('.input_prompt').textContent;
        const model = Jupyter.notebook.get_cells().filter(c => c.cell_type === 'code')[index];
        const request = model.last_msg_id && Jupyter.notebook.kernel.get_callbacks_for_msg(model.last_msg_id);
        return /\[\d+\]/.test(prompt) && !cell.classList.contains('running')
          && document.querySelector('#kernel_indicator_icon.kernel_idle_icon') !== null
          && (!request || (request.shell_done && request.iopub_done));
      }, this.index, { timeout, polling: 100 });
    } catch (e) {
      throw new CheckFailed(`expected the cell to finish within ${timeout / SECOND} s; its prompt read `
        + `${JSON.stringify(await this.prompt())} and its output:\n${clip(await this.text())}`);
    }
  }

  async running() {
    await this.locator.locator('.input_prompt', { hasText: '[*]' }).waitFor({ timeout: CELL });
    await this.page.locator('#kernel_indicator_icon.kernel_busy_icon').waitFor({ state: 'attached', timeout: CELL });
  }

  prompt() { return this.locator.locator('.input_prompt').innerText(); }

  /** Everything the output area shows, as text. */
  text() { return this.locator.locator('.output').innerText(); }

  html() { return this.locator.locator('.output').innerHTML(); }

  async textOf(selector) {
    return (await this.locator.locator(`.output ${selector}`).allInnerTexts()).join('\n');
  }

  async show(name) {
    await this.locator.scrollIntoViewIfNeeded();
    await this.notebook.screenshot(name);
  }
}

// What a person checks, in the order they type it. Each check gets the notebook and returns the
// cell to photograph; the interrupt comes last so that a kernel it fails to free holds up nothing.
const checks = [
  ['result', async nb => {
    const cell = await nb.run('6 * 7');
    const result = await cell.textOf('.output_result');
    expect(result.trim() === '42', 'the execute result 42', await cell.text());
    return cell;
  }],
  ['stdout', async nb => {
    const cell = await nb.run('System.out.println("hello")');
    const out = await cell.textOf('.output_stream.output_stdout');
    expect(out.trim() === 'hello', 'hello on stdout', await cell.text());
    return cell;
  }],
  ['error_line', async nb => {
    const cell = await nb.run('int x = 1;\nint y = 1 / 0;');
    const error = await cell.textOf('.output_error');
    expect(error.includes('ArithmeticException') && error.includes('line 2'),
      'an error naming ArithmeticException and "line 2"', await cell.text());
    return cell;
  }],
  ['html_display', async nb => {
    const cell = await nb.run('display("<b>bold</b>", "text/html");');
    const bold = await cell.locator.locator('.output_html b').allInnerTexts();
    expect(bold.includes('bold'), 'HTML output with a <b> element reading "bold"', await cell.html());
    return cell;
  }],
  ['record_table', async nb => {
    const record = await nb.run('record P(int x, String name) {}');
    expect((await record.textOf('.output_error')) === '', 'the record to compile', await record.text());
    const cell = await nb.run('List.of(new P(1, "a"), new P(2, "b"))');
    const table = cell.locator.locator('.output_html table');
    expect(await table.count() === 1, 'one HTML <table>', await cell.html());
    const headers = (await table.locator('th').allInnerTexts()).map(t => t.trim());
    // A header row without <thead> lands in the browser's implied <tbody>: count rows of data cells.
    const rows = await table.locator('tr:has(td)').count();
    expect(headers.join(',') === 'x,name' && rows === 2,
      'a table with header cells x and name and 2 rows', await table.evaluate(t => t.outerHTML));
    return cell;
  }],
  ['xchart_png', async nb => {
    const maven = await nb.run('%maven org.knowm.xchart:xchart:3.8.8', DOWNLOAD);
    expect((await maven.textOf('.output_error')) === '', '%maven to add XChart without an error', await maven.text());
    const cell = await nb.run([
      'var c = new org.knowm.xchart.XYChartBuilder().width(300).height(200).title("t").build();',
      'c.addSeries("s", new double[]{1,2,3}, new double[]{1,4,9});',
      'c'].join('\n'));
    const sources = await cell.locator.locator('.output img').evaluateAll(imgs => imgs.map(i => i.src));
    expect(sources.some(s => s.startsWith('data:image/png')), 'an <img> whose src is data:image/png',
      await cell.html());
    return cell;
  }],
  ['denial', async nb => {
    const cell = await nb.run('new ProcessBuilder("true").start()');
    // The notebook shows the exception's class, then its message: the denial, which starts so.
    const error = await cell.textOf('.output_error');
    expect(/(^|: )Audit: process\.start blocked/m.test(error),
      'the denial message "Audit: process.start blocked ..."', await cell.text());
    return cell;
  }],
  ['interrupt', async nb => {
    const loop = await nb.type('while (true) {}');
    await loop.running();
    await nb.page.locator('button[data-jupyter-action="jupyter-notebook:interrupt-kernel"]').click();
    await loop.finished(INTERRUPT);
    await loop.show('interrupt-loop');
    const stopped = await loop.textOf('.output_error');
    expect(stopped.includes('Interrupted'), 'the loop to end with an "Interrupted" error', await loop.text());
    const cell = await nb.run('1 + 1');
    const result = await cell.textOf('.output_result');
    expect(result.trim() === '2', 'the next cell 1 + 1 to answer 2', await cell.text());
    return cell;
  }],
];

// With "ask": true the denial becomes a question in an input box under the cell.
const askChecks = [
  ['ask', async nb => {
    const once = path.join(config.outside, 'allowed-once.txt');
    const allowed = await answer(nb, once, 'o');
    await allowed.show('ask-once');
    expect(fs.existsSync(once), `${once} to exist after answering o`, await allowed.text());

    const denied = path.join(config.outside, 'denied.txt');
    const refused = await answer(nb, denied, 'd');
    const error = await refused.textOf('.output_error');
    expect(error.includes('Audit: file.write blocked'), 'the denial after answering d', await refused.text());
    expect(!fs.existsSync(denied), `${denied} not to exist after answering d`, await refused.text());
    return refused;
  }],
];

async function answer(nb, file, choice) {
  const cell = await nb.type(`Files.writeString(Path.of(${JSON.stringify(file)}), "x");`);
  const input = cell.locator.locator('input.raw_input');
  try {
    await input.waitFor({ timeout: CELL });
  } catch (e) {
    throw new CheckFailed(`expected an input box asking about ${file}; the page showed:\n${clip(await cell.text())}`);
  }
  const question = await cell.locator.locator('.raw_input_prompt').innerText();
  expect(question.includes('Allow it? [o]nce, for this [s]ession, [d]eny'), 'the question "Allow it? ..."', question);
  await cell.show(`ask-question-${choice}`);
  await input.click();
  await nb.page.keyboard.type(choice);
  await nb.page.keyboard.press('Enter');
  await cell.finished(CELL);
  return cell;
}

const record = recorder(config.results);

async function runChecks(context, file, list) {
  let nb;
  try {
    nb = await Notebook.open(context, file, config.screenshots);
  } catch (e) {
    for (const [name] of list) {
      record(name, false, `expected the notebook ${file} to open with an idle kernel: ${e.message}`);
    }
    return;
  }
  for (const [name, check] of list) {
    const started = Date.now();
    try {
      const cell = await check(nb);
      await cell.show(name);
      record(name, true, `${Date.now() - started} ms`);
    } catch (e) {
      await nb.screenshot(name).catch(() => {});
      record(name, false, e instanceof CheckFailed ? e.message : e.stack);
    }
  }
  await nb.page.close();
}

fs.mkdirSync(config.screenshots, { recursive: true });
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'jaudit-chromium-'));
// The machine's network is closed: without these flags Chromium keeps trying to reach its services.
const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1280, height: 900 },
  timeout: 60 * SECOND,
});
try {
  await runChecks(context, config.notebook, checks);
  await runChecks(context, config.askNotebook, askChecks);
} finally {
  await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
