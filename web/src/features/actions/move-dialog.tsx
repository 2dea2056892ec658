import { useState } from 'react';
import { Autocomplete, Input, Label, ListBox, ListBoxItem, SearchField, useFilter, type Selection } from 'react-aria-components';
import { FormDialog } from '../../components/dialog';
import type { MoveTarget } from '../../lib/tree';

const TOP_LEVEL = 0;

interface Place {
  id: number;
  name: string;
  depth: number;
}

/**
 * Asks where the selection goes: the list of places it may move under, filtered by what is typed in its
 * search field (arrow keys move in the list while typing), the top level first. Moving appends the
 * selected actions, with their sub-actions, to the end.
 */
export default function MoveDialog({ count, targets, onCancel, onMove }: { count: number; targets: readonly MoveTarget[]; onCancel: () => void; onMove: (parentId: number) => void }) {
  const [parentId, setParentId] = useState<number | null>(null);
  const items: Place[] = targets.map(({ node, depth }) => ({ id: node ? node.action.action_id : TOP_LEVEL, name: node ? node.action.name : 'Top level', depth }));
  const { contains } = useFilter({ sensitivity: 'base' });
  const pick = (keys: Selection) => {
    const [key] = keys === 'all' ? [] : [...keys];
    setParentId(key === undefined ? null : Number(key));
  };
  return (
    <FormDialog title={`Move ${count === 1 ? 'the selected action' : `${count} selected actions`}`} onClose={onCancel}>
      <p>They go to the end of the place you choose, their sub-actions with them.</p>
      <Autocomplete filter={contains}>
        <SearchField className="field" autoFocus>
          <Label>Move under</Label>
          <Input placeholder="Type to filter by name" />
        </SearchField>
        <ListBox<Place>
          className="menu place-list"
          aria-label="Places"
          items={items}
          selectionMode="single"
          disallowEmptySelection
          selectedKeys={parentId === null ? [] : [parentId]}
          onSelectionChange={pick}
          renderEmptyState={() => <p className="place-empty">No action by that name can take them.</p>}
        >
          {(item) => (
            <ListBoxItem className="menu-item" textValue={item.name} style={{ paddingLeft: `${0.75 + Math.max(0, item.depth - 1)}rem` }}>
              {item.name}
            </ListBoxItem>
          )}
        </ListBox>
      </Autocomplete>
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="button button-primary" disabled={parentId === null} onClick={() => parentId !== null && onMove(parentId)}>
          Move
        </button>
      </div>
    </FormDialog>
  );
}
