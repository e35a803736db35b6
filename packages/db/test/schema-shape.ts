// Two descriptions of the same database shape, to be compared: what schema.prisma asks for
// (read with Prisma's own parser, the prisma-schema wasm module) and what a migrated
// Postgres actually has (read from pg_catalog).
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";
import { get_dmmf } from "@prisma/prisma-schema-wasm";
import pg from "pg";

export interface Column {
  type: string;
  nullable: boolean;
  // The column default as Postgres prints it; null when the client supplies the value.
  default: string | null;
}

export interface Index {
  table: string;
  columns: string[];
  unique: boolean;
  primary: boolean;
  method: string;
}

export interface ForeignKey {
  table: string;
  columns: string[];
  references: string;
  referencedColumns: string[];
  onDelete: string;
  onUpdate: string;
}

export interface SchemaShape {
  enums: Record<string, string[]>;
  // Partitioned tables and their partition key as Postgres prints it, e.g. "RANGE (id)".
  // Prisma cannot express partitioning, so schema.prisma states it in a model's doc comment
  // (`/// partitioned: RANGE (id), ...`) and the migrations must match that.
  partitions: Record<string, string>;
  tables: Record<string, Record<string, Column>>;
  indexes: Record<string, Index>;
  foreignKeys: Record<string, ForeignKey>;
}

export const schemaPath = fileURLToPath(new URL("../../../prisma/schema.prisma", import.meta.url));

interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: "scalar" | "enum" | "object" | "unsupported";
  isList: boolean;
  isRequired: boolean;
  isUpdatedAt: boolean;
  hasDefaultValue: boolean;
  type: string;
  nativeType?: [string, string[]] | null;
  default?: unknown;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
  relationOnUpdate?: string;
}

interface DmmfModel {
  name: string;
  dbName: string | null;
  documentation?: string;
  fields: DmmfField[];
}

interface DmmfIndex {
  model: string;
  type: "id" | "unique" | "normal" | "fulltext";
  dbName?: string | null;
  algorithm?: string;
  fields: { name: string }[];
}

interface Datamodel {
  enums: { name: string; dbName: string | null; values: { name: string; dbName: string | null }[] }[];
  models: DmmfModel[];
  indexes: DmmfIndex[];
}

const CLIENT_SIDE_DEFAULTS = new Set(["uuid", "cuid", "nanoid", "ulid"]);
const REFERENTIAL_ACTIONS: Record<string, string> = {
  Cascade: "CASCADE",
  Restrict: "RESTRICT",
  NoAction: "NO ACTION",
  SetNull: "SET NULL",
  SetDefault: "SET DEFAULT",
};

export async function expectedShape(schemaText?: string): Promise<SchemaShape> {
  const prismaSchema = schemaText ?? (await readFile(schemaPath, "utf8"));
  const dmmf = JSON.parse(
    get_dmmf(JSON.stringify({ prismaSchema: [["schema.prisma", prismaSchema]], noColor: true })),
  );
  const datamodel = dmmf.datamodel as Datamodel;
  const enumDbNames = new Map(datamodel.enums.map((e) => [e.name, e.dbName ?? e.name]));
  const shape: SchemaShape = { enums: {}, partitions: {}, tables: {}, indexes: {}, foreignKeys: {} };

  for (const e of datamodel.enums) {
    shape.enums[e.dbName ?? e.name] = e.values.map((value) => value.dbName ?? value.name);
  }

  const models = new Map(datamodel.models.map((model) => [model.name, model]));
  const tableOf = (model: DmmfModel) => model.dbName ?? model.name;
  const columnOf = (model: DmmfModel, fieldName: string) => {
    const field = model.fields.find((f) => f.name === fieldName);
    if (!field) throw new Error(`${model.name}.${fieldName} not found`);
    return field.dbName ?? field.name;
  };

  for (const model of datamodel.models) {
    const columns: Record<string, Column> = {};
    for (const field of model.fields) {
      if (field.kind === "object") {
        if (field.relationFromFields?.length) {
          const target = models.get(field.type);
          if (!target) throw new Error(`relation target ${field.type} not found`);
          const fkColumns = field.relationFromFields.map((name) => columnOf(model, name));
          shape.foreignKeys[`${tableOf(model)}_${fkColumns.join("_")}_fkey`] = {
            table: tableOf(model),
            columns: fkColumns,
            references: tableOf(target),
            referencedColumns: (field.relationToFields ?? []).map((name) => columnOf(target, name)),
            onDelete:
              REFERENTIAL_ACTIONS[field.relationOnDelete ?? (field.isRequired ? "Restrict" : "SetNull")] ??
              "?",
            onUpdate: REFERENTIAL_ACTIONS[field.relationOnUpdate ?? "Cascade"] ?? "?",
          };
        }
        continue;
      }
      const baseType = field.kind === "enum" ? typeName(enumDbNames.get(field.type)) : scalarType(field);
      columns[field.dbName ?? field.name] = {
        type: field.isList ? `${baseType}[]` : baseType,
        // Prisma creates list columns without NOT NULL.
        nullable: !field.isRequired || field.isList,
        default: defaultExpression(field, enumDbNames),
      };
    }
    shape.tables[tableOf(model)] = columns;
    const partitioned = model.documentation?.match(/^partitioned: ((?:RANGE|LIST|HASH) \([^)]*\))/m);
    if (partitioned?.[1]) shape.partitions[tableOf(model)] = partitioned[1];
  }

  for (const index of datamodel.indexes) {
    const model = models.get(index.model);
    if (!model) throw new Error(`index on unknown model ${index.model}`);
    const table = tableOf(model);
    const columns = index.fields.map((field) => columnOf(model, field.name));
    const suffix = index.type === "id" ? "pkey" : index.type === "unique" ? "key" : "idx";
    const name =
      index.dbName ?? (index.type === "id" ? `${table}_pkey` : `${table}_${columns.join("_")}_${suffix}`);
    shape.indexes[name] = {
      table,
      columns,
      unique: index.type !== "normal" && index.type !== "fulltext",
      primary: index.type === "id",
      method: (index.algorithm ?? "BTree").toLowerCase(),
    };
  }
  return shape;
}

// Postgres prints a type name bare unless it needs quoting.
function typeName(name = "?"): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name}"`;
}

function scalarType(field: DmmfField): string {
  const [native, args = []] = field.nativeType ?? [];
  const precision = args.length > 0 ? `(${args.join(",")})` : "";
  switch (native) {
    case "Uuid":
      return "uuid";
    case "Timestamptz":
      return `timestamp${precision || "(3)"} with time zone`;
    case "Timestamp":
      return `timestamp${precision || "(3)"} without time zone`;
    case "VarChar":
      return `character varying${precision}`;
    case "Text":
      return "text";
    case undefined:
      break;
    default:
      throw new Error(`native type @db.${native} on ${field.name} is not mapped in the drift test yet`);
  }
  const defaults: Record<string, string> = {
    String: "text",
    Int: "integer",
    BigInt: "bigint",
    Float: "double precision",
    Decimal: "numeric(65,30)",
    Boolean: "boolean",
    DateTime: "timestamp(3) without time zone",
    Json: "jsonb",
    Bytes: "bytea",
  };
  const type = defaults[field.type];
  if (!type)
    throw new Error(`scalar type ${field.type} on ${field.name} is not mapped in the drift test yet`);
  return type;
}

function defaultExpression(field: DmmfField, enumDbNames: Map<string, string>): string | null {
  if (!field.hasDefaultValue || field.default === undefined) return null;
  const value = field.default;
  if (typeof value === "object" && value !== null && "name" in value) {
    const name = (value as { name: string }).name;
    if (CLIENT_SIDE_DEFAULTS.has(name)) return null;
    if (name === "now") return "CURRENT_TIMESTAMP";
    if (name === "autoincrement") return "nextval";
    throw new Error(`default function ${name}() on ${field.name} is not mapped in the drift test yet`);
  }
  if (field.kind === "enum") return `'${String(value)}'::${typeName(enumDbNames.get(field.type))}`;
  if (field.type === "String") return `'${String(value)}'::text`;
  if (field.type === "Json") return `'${String(value)}'::jsonb`;
  return String(value);
}

export async function actualShape(databaseUrl: string): Promise<SchemaShape> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const shape: SchemaShape = { enums: {}, partitions: {}, tables: {}, indexes: {}, foreignKeys: {} };
    const enums = await client.query<{ name: string; value: string }>(
      `SELECT t.typname AS name, e.enumlabel AS value
       FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid JOIN pg_namespace n ON n.oid = t.typnamespace
       WHERE n.nspname = current_schema() ORDER BY t.typname, e.enumsortorder`,
    );
    for (const row of enums.rows) {
      shape.enums[row.name] = [...(shape.enums[row.name] ?? []), row.value];
    }

    const columns = await client.query<{
      table: string;
      column: string;
      type: string;
      notnull: boolean;
      def: string | null;
    }>(
      `SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
              a.attnotnull AS notnull, pg_get_expr(d.adbin, d.adrelid) AS def
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
       WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
         AND a.attnum > 0 AND NOT a.attisdropped
         AND c.relname <> '_prisma_migrations'
       ORDER BY c.relname, a.attnum`,
    );
    for (const row of columns.rows) {
      const def = row.def?.startsWith("nextval(") ? "nextval" : row.def;
      const table = shape.tables[row.table] ?? {};
      table[row.column] = { type: row.type, nullable: !row.notnull, default: def };
      shape.tables[row.table] = table;
    }

    const indexes = await client.query<{
      name: string;
      table: string;
      columns: string[];
      unique: boolean;
      primary: boolean;
      method: string;
    }>(
      `SELECT i.relname AS name, t.relname AS table, x.indisunique AS unique, x.indisprimary AS primary,
              am.amname AS method,
              ARRAY(SELECT a.attname FROM unnest(x.indkey) WITH ORDINALITY k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS columns
       FROM pg_index x
       JOIN pg_class i ON i.oid = x.indexrelid
       JOIN pg_class t ON t.oid = x.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       JOIN pg_am am ON am.oid = i.relam
       WHERE n.nspname = current_schema() AND t.relname <> '_prisma_migrations' AND NOT t.relispartition`,
    );
    for (const { name, ...index } of indexes.rows) shape.indexes[name] = index;

    const partitioned = await client.query<{ table: string; key: string }>(
      `SELECT c.relname AS table, pg_get_partkeydef(c.oid) AS key
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = current_schema() AND c.relkind = 'p'`,
    );
    for (const row of partitioned.rows) shape.partitions[row.table] = row.key;

    const foreignKeys = await client.query<{
      name: string;
      table: string;
      columns: string[];
      references: string;
      referenced_columns: string[];
      on_delete: string;
      on_update: string;
    }>(
      `SELECT con.conname AS name, t.relname AS table, r.relname AS references,
              ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS columns,
              ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS referenced_columns,
              con.confdeltype AS on_delete, con.confupdtype AS on_update
       FROM pg_constraint con
       JOIN pg_class t ON t.oid = con.conrelid
       JOIN pg_class r ON r.oid = con.confrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       WHERE con.contype = 'f' AND n.nspname = current_schema() AND con.conparentid = 0`,
    );
    const actions: Record<string, string> = {
      a: "NO ACTION",
      r: "RESTRICT",
      c: "CASCADE",
      n: "SET NULL",
      d: "SET DEFAULT",
    };
    for (const row of foreignKeys.rows) {
      shape.foreignKeys[row.name] = {
        table: row.table,
        columns: row.columns,
        references: row.references,
        referencedColumns: row.referenced_columns,
        onDelete: actions[row.on_delete] ?? row.on_delete,
        onUpdate: actions[row.on_update] ?? row.on_update,
      };
    }
    return shape;
  } finally {
    await client.end();
  }
}

// Human-readable differences, empty when the database is exactly what the schema describes.
export function shapeDifferences(expected: SchemaShape, actual: SchemaShape): string[] {
  const differences: string[] = [];
  const compare = (what: string, want: unknown, got: unknown) => {
    if (!isDeepStrictEqual(want, got)) {
      differences.push(
        `${what}: schema.prisma says ${JSON.stringify(want)}, database has ${JSON.stringify(got)}`,
      );
    }
  };
  const keys = (a: object, b: object) => [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();

  for (const name of keys(expected.enums, actual.enums)) {
    compare(`enum ${name}`, expected.enums[name], actual.enums[name]);
  }
  for (const table of keys(expected.partitions, actual.partitions)) {
    compare(`partitioning of ${table}`, expected.partitions[table], actual.partitions[table]);
  }
  for (const table of keys(expected.tables, actual.tables)) {
    const want = expected.tables[table];
    const got = actual.tables[table];
    if (!want || !got) {
      compare(`table ${table}`, want ? "present" : undefined, got ? "present" : undefined);
      continue;
    }
    for (const column of keys(want, got)) compare(`column ${table}.${column}`, want[column], got[column]);
  }
  for (const name of keys(expected.indexes, actual.indexes)) {
    compare(`index ${name}`, expected.indexes[name], actual.indexes[name]);
  }
  for (const name of keys(expected.foreignKeys, actual.foreignKeys)) {
    compare(`foreign key ${name}`, expected.foreignKeys[name], actual.foreignKeys[name]);
  }
  return differences;
}
