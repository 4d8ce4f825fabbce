import { tables } from '../migrations/tables';
import { definedOnly, toBool, toNum, toStr, toStrOrNull, type Row, asRows } from '../rows/values';
import { RecordNotFoundError } from '../store-errors';
import type { RepositoryContext } from './context';

export type UserRole = 'viewer' | 'operator' | 'admin';

export interface User {
  id: number;
  username: string;
  /** A bcrypt hash; never the password. */
  passwordHash: string;
  role: UserRole;
  displayName: string | null;
  disabled: boolean;
  createdAt: string;
  updatedAt: string | null;
}

export type NewUser = Pick<User, 'username' | 'passwordHash' | 'role'> &
  Partial<Pick<User, 'displayName' | 'disabled'>>;

export type UserPatch = Partial<Pick<User, 'passwordHash' | 'role' | 'displayName' | 'disabled'>>;

export interface UserRepository {
  create(user: NewUser): Promise<User>;
  findByUsername(username: string): Promise<User | null>;
  findById(id: number): Promise<User | null>;
  list(): Promise<User[]>;
  count(): Promise<number>;
  update(id: number, patch: UserPatch): Promise<User>;
}

function toUser(r: Row): User {
  return {
    id: toNum(r['id']),
    username: toStr(r['username']),
    passwordHash: toStr(r['password_hash']),
    role: toStr(r['role']) as UserRole,
    displayName: toStrOrNull(r['display_name']),
    disabled: toBool(r['disabled']),
    createdAt: toStr(r['created_at']),
    updatedAt: toStrOrNull(r['updated_at']),
  };
}

export function createUserRepository(ctx: RepositoryContext): UserRepository {
  const table = () => ctx.db(tables.users);
  async function findById(id: number): Promise<User | null> {
    const row = (await table().where('id', id).first()) as Row | undefined;
    return row ? toUser(row) : null;
  }
  return {
    async create(user) {
      const [row] = asRows(
        await table()
          .insert({
            username: user.username,
            password_hash: user.passwordHash,
            role: user.role,
            display_name: user.displayName ?? null,
            disabled: user.disabled ?? false,
            created_at: ctx.now(),
          })
          .returning('*'),
      );
      if (!row) throw new Error('insert returned no row');
      return toUser(row);
    },
    async findByUsername(username) {
      const row = (await table().where('username', username).first()) as Row | undefined;
      return row ? toUser(row) : null;
    },
    findById,
    async list() {
      return ((await table().select('*').orderBy('username')) as Row[]).map(toUser);
    },
    async count() {
      const [row] = asRows(await table().count({ n: '*' }));
      return toNum(row?.['n']);
    },
    async update(id, patch) {
      const count = await table()
        .where('id', id)
        .update({
          ...definedOnly({
            password_hash: patch.passwordHash,
            role: patch.role,
            display_name: patch.displayName,
            disabled: patch.disabled,
          }),
          updated_at: ctx.now(),
        });
      const user = count > 0 ? await findById(id) : null;
      if (!user) throw new RecordNotFoundError('User', String(id));
      return user;
    },
  };
}
