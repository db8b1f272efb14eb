import { CommandModule } from 'yargs';
import { InputError } from '../scenario/errors';
import { loadScenario } from '../scenario/load';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export const validateCommand: CommandModule<object, { files: string[] }> = {
  command: 'validate <files..>',
  describe: 'Check scenario files without running them',
  builder: (y) =>
    y
      .positional('files', { type: 'string', array: true, demandOption: true, describe: 'scenario YAML files' })
      .example('$0 validate scenarios/*.yaml', 'check every scenario of the library; exit 2 if any is bad') as never,
  handler: (args) => {
    let bad = 0;
    for (const file of args.files) {
      try {
        const s = loadScenario(file);
        process.stdout.write(`${file}: ok (${plural(s.nodes.length, 'node')}, ${plural(s.schedule.length, 'event')}, ${plural(s.expectations.length, 'expectation')})\n`);
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        process.stderr.write(e.message + '\n');
        bad++;
      }
    }
    process.exitCode = bad > 0 ? 2 : 0;
  },
};
