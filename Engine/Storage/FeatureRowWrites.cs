using System.Collections.Concurrent;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Governance.Engine.Storage;

/// <summary>
/// A feature's own rows written with the transaction's last batch, sent with its <c>COMMIT</c>,
/// instead of through EF Core's change tracker: a hot row's lock (an appointment slot's seat
/// count) is then held for the commit only, and a new row saves EF Core's round trip. The
/// statements are built from the EF model, so they name the columns the feature's configuration
/// maps; the engine's own rows are written by the runtime alone and are refused here. A write
/// should fail by a constraint, not by matching no row: a failure skips the <c>COMMIT</c> after it.
/// </summary>
public abstract partial class EngineDbContext
{
    private static readonly ConcurrentDictionary<(IModel, Type), RowShape> Shapes = new();

    /// <summary>Inserts <paramref name="entity"/>'s row, every mapped column, with the commit.</summary>
    public void InsertAtCommit<TEntity>(TEntity entity)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(entity);
        var shape = ShapeOf(typeof(TEntity));
        Rows.AtCommit(shape.Insert, shape.Columns.Select(c => c.ValueOf(entity)).ToArray());
    }

    /// <summary>Writes every mapped column of <paramref name="entity"/> to its row, found by its key, with the commit.</summary>
    public void UpdateAtCommit<TEntity>(TEntity entity)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(entity);
        var shape = ShapeOf(typeof(TEntity));
        Rows.AtCommit(shape.Update, shape.Columns.Where(c => !c.IsKey).Concat(shape.Columns.Where(c => c.IsKey)).Select(c => c.ValueOf(entity)).ToArray());
    }

    /// <summary>Adds <paramref name="by"/> to one counter column of the row with key <paramref name="key"/>, with the commit.</summary>
    public void IncrementAtCommit<TEntity>(object key, Expression<Func<TEntity, int>> counter, int by = 1)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(counter);
        var shape = ShapeOf(typeof(TEntity));
        var name = (counter.Body as MemberExpression)?.Member.Name ?? throw new ArgumentException("Name a property of the entity.", nameof(counter));
        var column = shape.Columns.Single(c => c.Property == name).Column;
        var keyColumn = shape.Columns.Single(c => c.IsKey).Column;
        Rows.AtCommit($"UPDATE {shape.Table} SET {column} = {column} + $2 WHERE {keyColumn} = $1", key, by);
    }

    private RowShape ShapeOf(Type type) => Shapes.GetOrAdd((Model, type), static k => RowShape.Of(k.Item1, k.Item2));

    /// <summary>An entity's table and columns as the model maps them, and the statements that write it.</summary>
    private sealed record RowShape(string Table, IReadOnlyList<MappedColumn> Columns, string Insert, string Update)
    {
        public static RowShape Of(IModel model, Type type)
        {
            var entity = model.FindEntityType(type) ?? throw new InvalidOperationException($"{type.Name} is not mapped.");
            if (type.Assembly == typeof(EngineDbContext).Assembly)
            {
                throw new InvalidOperationException($"{type.Name} is the engine's own row: only the runtime writes it.");
            }

            var tableName = entity.GetTableName() ?? throw new InvalidOperationException($"{type.Name} is not mapped to a table.");
            var store = StoreObjectIdentifier.Table(tableName, entity.GetSchema());
            var table = entity.GetSchema() is { } schema ? $"{schema}.{tableName}" : tableName;
            var key = entity.FindPrimaryKey()?.Properties.ToHashSet() ?? [];
            var columns = entity.GetProperties()
                .Select(p => new MappedColumn(p.Name, p.GetColumnName(store)!, key.Contains(p), p.GetGetter(), p.GetTypeMapping().Converter))
                .ToList();
            var insert = $"INSERT INTO {table} ({string.Join(", ", columns.Select(c => c.Column))}) VALUES ({string.Join(", ", columns.Select((_, i) => $"${i + 1}"))})";
            var values = columns.Where(c => !c.IsKey).ToList();
            var keys = columns.Where(c => c.IsKey).ToList();
            var update = $"UPDATE {table} SET {string.Join(", ", values.Select((c, i) => $"{c.Column} = ${i + 1}"))} "
                + $"WHERE {string.Join(" AND ", keys.Select((c, i) => $"{c.Column} = ${values.Count + i + 1}"))}";
            return new(table, columns, insert, update);
        }
    }

    private sealed record MappedColumn(string Property, string Column, bool IsKey, IClrPropertyGetter Getter, Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter? Converter)
    {
        public object? ValueOf(object entity)
        {
            var value = Getter.GetClrValue(entity);
            return Converter is null || value is null ? value : Converter.ConvertToProvider(value);
        }
    }
}
