// renderer/src/styles.css is plain CSS with no nesting: a rule inside another rule is a brace lost
// in a merge (CSS nesting is valid, so the build does not complain, and every rule after it then
// applies only inside the rule left open — measured once: the roster lost its narrow layout).
// Only at-rules (@media, @layer, @supports, @font-face…) hold rules.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

function nestedRules(css: string): string[] {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, '');
  const stack: string[] = [];
  const problems: string[] = [];
  let selector = '';
  for (const char of text) {
    if (char === '{') {
      const opened = selector.trim();
      if (stack.length > 0 && !stack[stack.length - 1]?.startsWith('@')) problems.push(`${opened} inside ${stack[stack.length - 1]}`);
      stack.push(opened);
      selector = '';
    } else if (char === '}') {
      if (stack.pop() === undefined) problems.push('a } closes nothing');
      selector = '';
    } else if (char === ';') {
      selector = '';
    } else {
      selector += char;
    }
  }
  if (stack.length > 0) problems.push(`left open: ${stack.join(' > ')}`);
  return problems;
}

describe('renderer/src/styles.css', () => {
  it('has every rule closed and no rule inside another', () => {
    expect(nestedRules(readFileSync('renderer/src/styles.css', 'utf8'))).toEqual([]);
  });

  it('the check finds a rule left open', () => {
    expect(nestedRules('.a { color: red;\n.b { color: blue; }')).toEqual(['.b inside .a', 'left open: .a']);
    expect(nestedRules('@media (min-width: 1px) { .a { color: red; } }')).toEqual([]);
  });
});
