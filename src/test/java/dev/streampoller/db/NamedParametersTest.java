package dev.streampoller.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NamedParametersTest {

  @Test
  void shouldReplaceEachUseOfANameWithAPlaceholderInOrder() {
    NamedParameters parsed =
        NamedParameters.parse(
            "UPDATE t SET a = :now, b = :now_2 WHERE c < :now AND d = ANY (:ids_list)");
    assertThat(parsed.jdbcSql()).isEqualTo("UPDATE t SET a = ?, b = ? WHERE c < ? AND d = ANY (?)");
    assertThat(parsed.names()).containsExactly("now", "now_2", "now", "ids_list");
  }

  @Test
  void shouldLeaveCastsAlone() {
    NamedParameters parsed = NamedParameters.parse("SELECT :v::text, x::timestamptz, y :: int");
    assertThat(parsed.jdbcSql()).isEqualTo("SELECT ?::text, x::timestamptz, y :: int");
    assertThat(parsed.names()).containsExactly("v");
  }

  @Test
  void shouldLeaveStringLiteralsQuotedIdentifiersAndCommentsAlone() {
    String sql =
        """
        SELECT 'a :notme '' :norme ?', E'it\\'s :nope', "col:x?", $$ :dollar ? $$, $t$ :tag $t$
          -- a comment :hidden ?
          /* block :hidden ? */
         WHERE k = :key""";
    NamedParameters parsed = NamedParameters.parse(sql);
    assertThat(parsed.names()).containsExactly("key");
    assertThat(parsed.jdbcSql()).isEqualTo(sql.replace(":key", "?"));
  }

  @Test
  void shouldEscapeQuestionMarkOperatorsSoTheDriverDoesNotBindThem() {
    NamedParameters parsed =
        NamedParameters.parse("SELECT payload ? 'k', payload ?| array['a'], payload ?& :keys");
    assertThat(parsed.jdbcSql())
        .isEqualTo("SELECT payload ?? 'k', payload ??| array['a'], payload ??& ?");
    assertThat(parsed.names()).containsExactly("keys");
  }

  @Test
  void shouldNotTakeArraySlicesPositionalDollarsOrAssignmentsForParameters() {
    NamedParameters parsed =
        NamedParameters.parse("SELECT a[1:2], make_interval(secs => 1), x := 3, $1");
    assertThat(parsed.names()).isEmpty();
    assertThat(parsed.jdbcSql()).isEqualTo("SELECT a[1:2], make_interval(secs => 1), x := 3, $1");
  }
}
