import { stringField, timeField, type ListModel } from '../list-model';

/** A listable type of the list specs: a name and a creation time. */
export interface Item {
  id: string;
  name: string;
  createdMs: number;
}

export const itemModel: ListModel<Item> = {
  name: 'items',
  typeName: 'Item',
  key: (i) => i.id,
  fields: { name: stringField((i) => i.name), created_at: timeField((i) => i.createdMs) },
};
