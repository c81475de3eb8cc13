/**
 * Named lists (department, title, site, team...): HiBob's only way to model departments
 * and teams. Items are kept flat with a parent id; the HTTP layer builds the tree form.
 */

export interface SimListItem {
  /** A numeric-looking string, as HiBob's item ids are. */
  id: string;
  name: string;
  parentId: string | null;
  archived: boolean;
}

export class SimNamedList {
  /** Parents always come before their children, so one pass can build the tree. */
  readonly items: SimListItem[] = [];
  private readonly byId = new Map<string, SimListItem>();
  private readonly byName = new Map<string, SimListItem>();

  constructor(readonly name: string) {}

  add(item: SimListItem): SimListItem {
    this.items.push(item);
    this.byId.set(item.id, item);
    if (!this.byName.has(item.name)) this.byName.set(item.name, item);
    return item;
  }

  item(id: string): SimListItem | undefined {
    return this.byId.get(id);
  }

  itemByName(name: string): SimListItem | undefined {
    return this.byName.get(name);
  }

  rename(id: string, newName: string): void {
    const item = this.requireItem(id);
    if (this.byName.get(item.name) === item) this.byName.delete(item.name);
    item.name = newName;
    if (!this.byName.has(newName)) this.byName.set(newName, item);
  }

  archive(id: string): void {
    this.requireItem(id).archived = true;
  }

  /** The item and everything below it, in list order. */
  subtree(id: string): SimListItem[] {
    const inside = new Set([id]);
    const found: SimListItem[] = [];
    for (const item of this.items) {
      if (item.id === id || (item.parentId !== null && inside.has(item.parentId))) {
        inside.add(item.id);
        found.push(item);
      }
    }
    return found;
  }

  /** The top-level item an item sits under (itself when it is top-level). */
  root(id: string): SimListItem {
    let item = this.requireItem(id);
    while (item.parentId !== null) item = this.requireItem(item.parentId);
    return item;
  }

  private requireItem(id: string): SimListItem {
    const item = this.byId.get(id);
    if (!item) throw new SimNotFoundError(`list ${this.name} has no item ${id}`);
    return item;
  }
}

/** Thrown by state changes that name something that does not exist (the admin API's 404). */
export class SimNotFoundError extends Error {}

/** Thrown by state changes whose input is invalid (the admin API's 400). */
export class SimInvalidError extends Error {}
