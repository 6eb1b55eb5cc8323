import type { Key, ReactNode } from 'react';
import { Tab as AriaTab, TabList as AriaTabList, TabPanel as AriaTabPanel, Tabs as AriaTabs } from 'react-aria-components';

/**
 * Tabs (React Aria): a tab list with the selected tab marked (aria-selected), arrow keys between
 * tabs, and the panel labelled by its tab. Controlled (`selected`, `onSelect`) or not (`defaultSelected`).
 *
 *   <Tabs selected={tab} onSelect={setTab}>
 *     <TabList label="Överlämningar"><Tab id="keys">Nycklar</Tab></TabList>
 *     <TabPanel id="keys">…</TabPanel>
 *   </Tabs>
 */
export function Tabs<T extends string>({
  selected,
  defaultSelected,
  onSelect,
  children,
}: {
  selected?: T;
  defaultSelected?: T;
  onSelect?: (id: T) => void;
  children: ReactNode;
}) {
  return (
    <AriaTabs
      className="ui-tabs"
      {...(selected !== undefined ? { selectedKey: selected } : {})}
      {...(defaultSelected !== undefined ? { defaultSelectedKey: defaultSelected } : {})}
      // Our tab ids are the strings we gave them.
      {...(onSelect ? { onSelectionChange: (key: Key) => onSelect(String(key) as T) } : {})}
    >
      {children}
    </AriaTabs>
  );
}

export function TabList({ label, children }: { label: string; children: ReactNode }) {
  return (
    <AriaTabList className="tabs" aria-label={label}>
      {children}
    </AriaTabList>
  );
}

export function Tab({ id, children, testId }: { id: string; children: ReactNode; testId?: string }) {
  return (
    <AriaTab className="ui-tab" id={id} data-testid={testId}>
      {children}
    </AriaTab>
  );
}

export function TabPanel({ id, children }: { id: string; children: ReactNode }) {
  return (
    <AriaTabPanel className="ui-tab-panel" id={id}>
      {children}
    </AriaTabPanel>
  );
}
