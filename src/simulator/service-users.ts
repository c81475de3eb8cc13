/**
 * Service users and their permission groups, and HTTP Basic authentication against them.
 */
import { randomBytes } from 'node:crypto';
import type { FieldCategory } from '../hibob/model';
import type { AccessScope } from './company';
import { ALL_CATEGORIES } from './fields';
import { SimNotFoundError } from './lists';
import type { SimPermissions, SimServiceUser } from './types';

/** SimPermissions with every default filled in. */
export interface EffectivePermissions {
  none: boolean;
  categories: ReadonlySet<FieldCategory>;
  scope: AccessScope;
  lists: boolean;
  timeOffRead: boolean;
  timeOffWrite: boolean;
}

export interface AuthenticatedUser {
  id: string;
  permissions: EffectivePermissions;
}

interface StoredUser {
  id: string;
  token: string;
  permissions: EffectivePermissions;
}

export function effectivePermissions(permissions: SimPermissions = {}): EffectivePermissions {
  return {
    none: permissions.none ?? false,
    categories: new Set(permissions.categories ?? ALL_CATEGORIES),
    scope: permissions.scope ?? 'all',
    lists: permissions.lists ?? true,
    timeOffRead: permissions.timeOffRead ?? true,
    timeOffWrite: permissions.timeOffWrite ?? true,
  };
}

/** Reads "Basic base64(id:token)"; null when the header is missing or damaged. */
export function parseBasicAuth(header: string | undefined): { id: string; token: string } | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return null;
  return { id: decoded.slice(0, colon), token: decoded.slice(colon + 1) };
}

export class ServiceUserRegistry {
  private readonly users = new Map<string, StoredUser>();

  add(user: SimServiceUser): void {
    this.users.set(user.id, { id: user.id, token: user.token, permissions: effectivePermissions(user.permissions) });
  }

  ids(): string[] {
    return [...this.users.keys()];
  }

  /** "Refresh token": the old token stops working at once; the new one is returned. */
  revokeToken(id: string): string {
    const user = this.require(id);
    user.token = randomBytes(24).toString('base64url');
    return user.token;
  }

  setPermissions(id: string, permissions: SimPermissions): void {
    this.require(id).permissions = effectivePermissions(permissions);
  }

  authenticate(header: string | undefined): AuthenticatedUser | null {
    const credentials = parseBasicAuth(header);
    if (!credentials) return null;
    const user = this.users.get(credentials.id);
    if (!user || user.token !== credentials.token) return null;
    return { id: user.id, permissions: user.permissions };
  }

  private require(id: string): StoredUser {
    const user = this.users.get(id);
    if (!user) throw new SimNotFoundError(`no service user ${id}`);
    return user;
  }
}
