// GitHub Actions workflow commands: each problem becomes an annotation on the pull request's
// diff, ending with the address of its code's explanation. Values are escaped as the runner requires (%, CR, LF; and , : in properties).
import { docsLink } from '../../diagnostics/docs-link.js';
import type { DiagnosticFormatter } from './index.js';

export const escapeData = (s: string) =>
  s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
export const escapeProperty = (s: string) =>
  escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export const github: DiagnosticFormatter = (diagnostics) =>
  diagnostics
    .map((d) => {
      const command =
        d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'notice';
      const props = [
        `file=${escapeProperty(d.file)}`,
        `line=${d.line}`,
        `col=${d.column}`,
        `endLine=${d.endLine}`,
        `endColumn=${d.endColumn}`,
        `title=${escapeProperty(`botform ${d.code}`)}`,
      ].join(',');
      const message = `${d.hint ? `${d.message}\n${d.hint}` : d.message}\nHow to fix: ${docsLink(d.code)}`;
      return `::${command} ${props}::${escapeData(message)}\n`;
    })
    .join('');
