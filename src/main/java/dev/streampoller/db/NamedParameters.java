package dev.streampoller.db;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns SQL with {@code :name} parameters into JDBC SQL with {@code ?} placeholders. Leaves alone
 * what is not a parameter: {@code ::type} casts, string literals ({@code '...'}, {@code E'...'},
 * dollar-quoted), quoted identifiers and comments; a literal {@code ?} (a jsonb operator) is
 * escaped as {@code ??} so the driver does not take it for a placeholder.
 */
record NamedParameters(String jdbcSql, List<String> names) {

  NamedParameters {
    names = List.copyOf(names);
  }

  static NamedParameters parse(String sql) {
    StringBuilder out = new StringBuilder(sql.length());
    List<String> names = new ArrayList<>();
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char ch = sql.charAt(i);
      char next = i + 1 < n ? sql.charAt(i + 1) : '\0';
      int end;
      if (ch == '\'') {
        end = endOfQuoted(sql, i, '\'', escapeString(sql, i));
      } else if (ch == '"') {
        end = endOfQuoted(sql, i, '"', false);
      } else if (ch == '-' && next == '-') {
        int newline = sql.indexOf('\n', i);
        end = newline < 0 ? n : newline + 1;
      } else if (ch == '/' && next == '*') {
        int close = sql.indexOf("*/", i + 2);
        end = close < 0 ? n : close + 2;
      } else if (ch == '$' && !identifierPart(sql, i - 1) && dollarTagEnd(sql, i) > 0) {
        String tag = sql.substring(i, dollarTagEnd(sql, i) + 1);
        int close = sql.indexOf(tag, i + tag.length());
        end = close < 0 ? n : close + tag.length();
      } else if (ch == ':' && next == ':') {
        end = i + 2;
      } else if (ch == ':' && (Character.isLetter(next) || next == '_')) {
        end = i + 1;
        while (end < n && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_')) {
          end++;
        }
        names.add(sql.substring(i + 1, end));
        out.append('?');
        i = end;
        continue;
      } else if (ch == '?') {
        out.append("??");
        i++;
        continue;
      } else {
        end = i + 1;
      }
      out.append(sql, i, end);
      i = end;
    }
    return new NamedParameters(out.toString(), names);
  }

  /** {@code E'...'}: backslash escapes apply. */
  private static boolean escapeString(String sql, int quote) {
    return quote > 0
        && (sql.charAt(quote - 1) == 'E' || sql.charAt(quote - 1) == 'e')
        && !identifierPart(sql, quote - 2);
  }

  /** The index after the closing quote; a doubled quote (and, if escaping, {@code \'}) is kept. */
  private static int endOfQuoted(String sql, int start, char quote, boolean backslashEscapes) {
    int i = start + 1;
    while (i < sql.length()) {
      char ch = sql.charAt(i);
      if (backslashEscapes && ch == '\\') {
        i += 2;
      } else if (ch == quote) {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
          i += 2;
        } else {
          return i + 1;
        }
      } else {
        i++;
      }
    }
    return sql.length();
  }

  /** For {@code $tag$} starting at {@code start}, the index of its closing {@code $}; else -1. */
  private static int dollarTagEnd(String sql, int start) {
    int i = start + 1;
    if (i < sql.length() && Character.isDigit(sql.charAt(i))) {
      return -1;
    }
    while (i < sql.length() && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
      i++;
    }
    return i < sql.length() && sql.charAt(i) == '$' ? i : -1;
  }

  private static boolean identifierPart(String sql, int index) {
    if (index < 0) {
      return false;
    }
    char ch = sql.charAt(index);
    return Character.isLetterOrDigit(ch) || ch == '_' || ch == '$';
  }
}
