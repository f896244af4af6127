namespace Jaeger.Streaming.Redaction.Tests;

public sealed class SqlLiteralScrubberTests
{
    [Theory]
    [InlineData("SELECT * FROM users WHERE email = 'bob@example.com' AND age > 30", "SELECT * FROM users WHERE email = ? AND age > ?")]
    [InlineData("INSERT INTO t (a, b, c) VALUES ('it''s', -1.5e3, 0x1F)", "INSERT INTO t (a, b, c) VALUES (?, -?, ?)")]
    [InlineData("SELECT name FROM t1 WHERE code = N'x' LIMIT 10", "SELECT name FROM t1 WHERE code = ? LIMIT ?")]
    [InlineData("UPDATE \"Users\" SET pwd = $$secret$$ WHERE id IN (1, 2, 3)", "UPDATE \"Users\" SET pwd = ? WHERE id IN (?, ?, ?)")]
    [InlineData("SELECT 'unterminated", "SELECT ?")]
    public void Replaces_string_and_numeric_literals_with_placeholders(string statement, string expected) =>
        Assert.Equal(expected, Redact.Attribute(statement, "db.statement"));

    [Fact]
    public void Scrubs_db_query_text_too() =>
        Assert.Equal("SELECT * FROM t WHERE id = ?", Redact.Attribute("SELECT * FROM t WHERE id = 42", "db.query.text"));

    [Theory]
    [InlineData("SELECT * FROM t WHERE id = ?")]
    [InlineData("SELECT * FROM t WHERE id = $1 AND name = :name AND x = @p0")]
    [InlineData("SELECT col1, t2.col_3 FROM \"table 1\" t2 JOIN `log2` ON [x1].id = t2.id")]
    [InlineData("SELECT a FROM t -- 42 rows\n/* batch 7 */")]
    [InlineData("SELECT a FROM db.1table WHERE x = :1 AND y = v$2")]
    public void Keeps_statements_without_literals_as_the_same_instance(string statement) =>
        Assert.Same(statement, Redact.Attribute(statement, "db.statement"));

    [Fact]
    public void Leaves_the_same_text_under_other_keys_alone() =>
        Assert.Equal("WHERE id = 42", Redact.Attribute("WHERE id = 42", "note"));

    [Theory]
    [InlineData("'x' AND 7", "? AND ?")]
    [InlineData("SELECT 1", "SELECT ?")]
    public void Replaces_literals_at_either_end_of_the_statement(string statement, string expected) =>
        Assert.Equal(expected, Redact.Attribute(statement, "db.statement"));

    [Fact]
    public void Replaces_the_literals_of_a_statement_longer_than_the_stack_buffer()
    {
        var ids = Enumerable.Range(1000, 150).ToArray();
        var statement = $"SELECT * FROM orders WHERE note = 'rush' AND id IN ({string.Join(", ", ids)})";

        Assert.Equal(
            $"SELECT * FROM orders WHERE note = ? AND id IN ({string.Join(", ", ids.Select(_ => "?"))})",
            Redact.Attribute(statement, "db.statement"));
    }
}
