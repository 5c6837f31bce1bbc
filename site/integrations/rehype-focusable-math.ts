/**
 * Rehype plugin: KaTeX display blocks may scroll sideways on narrow screens, so make each one
 * keyboard-focusable (axe: scrollable-region-focusable) and name it for assistive technology.
 */
interface HastNode {
  type: string;
  tagName?: string;
  properties?: Record<string, unknown>;
  children?: HastNode[];
}

function hasClass(node: HastNode, name: string): boolean {
  const value = node.properties?.['className'];
  return Array.isArray(value) && value.includes(name);
}

export function rehypeFocusableMath() {
  return (tree: HastNode): void => {
    const visit = (node: HastNode): void => {
      if (node.type === 'element' && hasClass(node, 'katex-display') && node.properties) {
        node.properties['tabIndex'] = 0;
        node.properties['role'] = 'group';
        node.properties['ariaLabel'] = 'Equation';
      }
      node.children?.forEach(visit);
    };
    visit(tree);
  };
}
