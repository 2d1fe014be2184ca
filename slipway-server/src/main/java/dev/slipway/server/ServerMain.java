package dev.slipway.server;

import picocli.CommandLine;

/** Runs {@code slipway server} alone (the full CLI lives in the distribution). */
public final class ServerMain {
    private ServerMain() {}

    public static void main(String[] args) {
        System.exit(new CommandLine(new ServerCommand()).execute(args));
    }
}
