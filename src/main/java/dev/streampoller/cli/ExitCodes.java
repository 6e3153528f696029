package dev.streampoller.cli;

/** Process exit codes, from sysexits.h so that systemd and scripts can tell failures apart. */
public final class ExitCodes {
  public static final int OK = 0;

  /** A bad command-line argument. */
  public static final int USAGE = 64;

  /** Input data was wrong (e.g. a video that is not tracked). */
  public static final int DATA = 65;

  /** A service (the database, the Cloudflare API) is unavailable. */
  public static final int UNAVAILABLE = 69;

  /** A credential was refused (the Cloudflare API rejected the token or key). */
  public static final int NO_PERMISSION = 77;

  /** An internal error (a bug). */
  public static final int SOFTWARE = 70;

  /** The configuration is invalid; systemd must not restart the service on this one. */
  public static final int CONFIG = 78;

  private ExitCodes() {}
}
