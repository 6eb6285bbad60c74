package org.virtlab.server;

import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.virtlab.server.accounts.LoginLimiter;
import org.virtlab.server.accounts.Sessions;
import org.virtlab.server.accounts.UserStore;
import org.virtlab.server.classroom.ClassroomService;
import org.virtlab.server.classroom.ClassroomStore;
import org.virtlab.server.classroom.DashboardService;
import org.virtlab.server.classroom.HandoutService;
import org.virtlab.server.classroom.RecordingService;
import org.virtlab.server.db.Database;
import org.virtlab.server.labs.LabService;
import org.virtlab.server.labs.LabStore;
import org.virtlab.server.runner.RunnerPool;
import org.virtlab.server.snapshots.SnapshotService;
import org.virtlab.server.snapshots.SnapshotStore;
import org.virtlab.server.web.AccountController;
import org.virtlab.server.web.AdminPages;
import org.virtlab.server.web.ApiError;
import org.virtlab.server.web.Auth;
import org.virtlab.server.web.ClassroomController;
import org.virtlab.server.web.ClassroomPages;
import org.virtlab.server.web.ConsoleSocket;
import org.virtlab.server.web.HypervisorController;
import org.virtlab.server.web.HypervisorPanels;
import org.virtlab.server.web.LabController;
import org.virtlab.server.web.LiveSocket;
import org.virtlab.server.web.Pages;
import org.virtlab.server.web.SnapshotController;
import org.virtlab.server.web.SnapshotPages;
import org.virtlab.server.web.UserController;

/**
 * The web server (shared/DESIGN.md section 7), built by one factory from its configuration so
 * that tests start it on a random port: {@code App.create(config).start()}. The route table
 * is {@link #routes}; each resource has a small controller in {@code org.virtlab.server.web}.
 */
public final class App implements AutoCloseable {
    /** Largest accepted request body. */
    static final long MAX_REQUEST_BYTES = 64 * 1024;
    /** Request attribute: an {@link ApiError} was answered (its 404 is not an unknown URL). */
    private static final String ANSWERED = "virtlab.answered";

    private final Config config;
    private final Database db;
    private final RunnerPool pool;
    private final LabService labs;
    private final ClassroomService classrooms;
    private final RecordingService recordings;
    private final SnapshotService snapshots;
    private final PrometheusMeterRegistry metrics;
    private final LiveSocket live;
    private final Javalin javalin;
    private volatile boolean closed;

    private App(Config config) {
        this.config = config;
        try {
            Files.createDirectories(config.dataDir());
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot create the data directory " + config.dataDir() + ": " + e.getMessage(), e);
        }
        this.db = Database.open(config.effectiveJdbcUrl());
        this.pool = new RunnerPool(config.runnerThreads());
        UserStore users = new UserStore(db, config.accounts().adminName());
        users.promoteNamedAdmin();
        Sessions sessions = new Sessions();
        Auth auth = new Auth(users, sessions, config.secureCookies(), config.allowedOrigins());
        this.labs = new LabService(new LabStore(db), pool, config.accounts().quotas(config.labsPerUser()), config.runningPerUser());
        this.snapshots = new SnapshotService(openSnapshotStore(config, db), labs, config.snapshots());
        labs.setResumePoints(snapshots.resumePoints());
        this.metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registerMetrics();
        snapshots.store().registerMetrics(metrics);
        AccountController accounts = new AccountController(users, auth,
                new LoginLimiter(5, 60_000, System::currentTimeMillis), config.signUp());
        LabController labController = new LabController(labs, auth);
        ConsoleSocket console = new ConsoleSocket(labs, auth);
        this.live = new LiveSocket(labs, auth);
        HypervisorController hypervisor = new HypervisorController(labs, auth);
        HypervisorPanels panels = new HypervisorPanels(labs, auth);
        Pages pages = new Pages(labs, auth, config.signUp());
        // Classrooms (docs/server.md "Classrooms"): services, their JSON API and pages.
        ClassroomStore classroomStore = new ClassroomStore(db);
        this.classrooms = new ClassroomService(classroomStore, labs, java.time.Clock.systemUTC());
        HandoutService handouts = new HandoutService(classrooms, classroomStore, labs, users);
        DashboardService dashboard = new DashboardService(classrooms, labs);
        this.recordings = new RecordingService(classrooms, classroomStore, config.dataDir());
        ClassroomController classroomApi = new ClassroomController(classrooms, handouts, dashboard, recordings, labs, auth);
        ClassroomPages classroomPages = new ClassroomPages(classroomApi, classrooms, dashboard, recordings, labs, auth);
        SnapshotController snapshotController = new SnapshotController(snapshots, auth);
        SnapshotPages snapshotPages = new SnapshotPages(snapshots, labs, auth);
        UserController userController = new UserController(users, labs, auth);
        AdminPages adminPages = new AdminPages(userController, labs, auth);
        this.javalin = Javalin.create(c -> {
            c.jsonMapper(new JavalinJackson(new com.fasterxml.jackson.databind.ObjectMapper(), false));
            c.http.maxRequestSize = MAX_REQUEST_BYTES;
            c.startup.showJavalinBanner = false;
            c.staticFiles.add(s -> {
                s.hostedPath = "/static";
                s.directory = "/static";
                s.location = Location.CLASSPATH;
            });
            c.staticFiles.enableWebjars();
            // Snapshot uploads are the one large body; they are read as a stream, never through ctx.body().
            c.jetty.multipartConfig.maxFileSize(config.snapshots().maxUploadBytes(), io.javalin.config.SizeUnit.BYTES);
            c.jetty.multipartConfig.maxTotalRequestSize(config.snapshots().maxUploadBytes() + MAX_REQUEST_BYTES, io.javalin.config.SizeUnit.BYTES);
            c.jetty.modifyWebSocketServletFactory(f -> {
                f.setMaxBinaryMessageSize(ConsoleSocket.MAX_INPUT_FRAME);
                f.setMaxTextMessageSize(ConsoleSocket.MAX_INPUT_FRAME);
            });
            routes(c.routes, auth, accounts, labController, console, hypervisor, pages, panels, snapshotController, snapshotPages);
            classroomApi.routes(c.routes);
            classroomPages.routes(c.routes);
            adminRoutes(c.routes, userController, adminPages);
        });
    }

    public static App create(Config config) {
        return new App(config);
    }

    private static SnapshotStore openSnapshotStore(Config config, Database db) {
        try {
            return SnapshotStore.open(db, config.dataDir().resolve("snapshots"), config.snapshots().cacheBytes());
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot open the snapshot store in " + config.dataDir().resolve("snapshots") + ": " + e.getMessage(), e);
        }
    }

    /** The route table: every URL of the server, in one place. */
    private void routes(io.javalin.config.RoutesConfig r, Auth auth, AccountController accounts, LabController labController,
                        ConsoleSocket console, HypervisorController hypervisor, Pages pages, HypervisorPanels panels,
                        SnapshotController snaps, SnapshotPages snapPages) {
        r.before(auth::before);
        r.exception(ApiError.class, (e, ctx) -> {
            ctx.attribute(ANSWERED, e.code());
            ctx.status(e.status());
            if (ctx.path().startsWith("/api/") || ctx.path().equals("/health")) ctx.json(Map.of("code", e.code(), "message", e.getMessage()));
            else ctx.html("<!doctype html><title>VirtLab</title><p>" + escape(e.getMessage()) + "</p><p><a href=\"/\">VirtLab</a></p>");
        });
        r.error(404, ctx -> {
            // An unknown URL; a handler's own 404 (lab_not_found, no_domain, ...) keeps its answer.
            if (ctx.path().startsWith("/api/") && ctx.attribute(ANSWERED) == null)
                ctx.json(Map.of("code", "not_found", "message", "no such endpoint: " + ctx.method() + " " + ctx.path()));
        });
        r.error(413, ctx -> {
            if (ctx.attribute(ANSWERED) == null)        // a handler's own 413 (a snapshot upload's limit) keeps its answer
                ctx.json(Map.of("code", "too_large", "message", "the request body is larger than " + MAX_REQUEST_BYTES + " bytes"));
        });

        // operations
        r.get("/health", ctx -> ctx.json(Map.of("status", closed ? "stopping" : "ok", "labsRunning", labs.runningCount())));
        r.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));

        // JSON API (docs/api.md)
        r.post("/api/signup", accounts::apiSignUp);
        r.post("/api/signin", accounts::apiSignIn);
        r.post("/api/signout", accounts::apiSignOut);
        r.get("/api/me", accounts::apiMe);
        r.post("/api/token", accounts::apiNewToken);
        r.get("/api/presets", labController::presets);
        r.get("/api/labs", labController::list);
        r.post("/api/labs", labController::create);
        r.get("/api/labs/{id}", labController::get);
        r.delete("/api/labs/{id}", labController::delete);
        r.get("/api/labs/{id}/output", labController::output);
        r.get("/api/labs/{id}/domains", hypervisor::domains);
        r.get("/api/labs/{id}/domains/{domain}/output", hypervisor::output);
        r.get("/api/labs/{id}/trace", hypervisor::trace);
        r.post("/api/labs/{id}/trace/pause", hypervisor::pauseTrace);
        r.post("/api/labs/{id}/trace/resume", hypervisor::resumeTrace);
        r.get("/api/labs/{id}/snapshots", snaps::listForLab);
        r.post("/api/labs/{id}/snapshots", snaps::take);
        r.post("/api/labs/{id}/restore", snaps::restore);
        r.post("/api/labs/{id}/suspend", snaps::suspend);
        r.post("/api/labs/{id}/domains/{domain}/{command}", hypervisor::domainCommand);
        r.post("/api/labs/{id}/{command}", labController::command);
        r.get("/api/snapshots", snaps::list);
        r.post("/api/snapshots", snaps::upload);
        r.get("/api/snapshots/{sid}", snaps::get);
        r.delete("/api/snapshots/{sid}", snaps::delete);
        r.get("/api/snapshots/{sid}/file", snaps::download);
        r.post("/api/snapshots/{sid}/fork", snaps::fork);
        r.wsBeforeUpgrade("/api/labs/{id}/console", console::beforeUpgrade);
        r.ws("/api/labs/{id}/console", console::configure);
        r.wsBeforeUpgrade("/api/labs/{id}/domains/{domain}/console", console::beforeUpgrade);
        r.ws("/api/labs/{id}/domains/{domain}/console", console::configure);

        // pages
        r.get("/", pages::home);
        r.get("/signin", pages::signInPage);
        r.get("/signup", pages::signUpPage);
        r.post("/signin", accounts::formSignIn);
        r.post("/signup", accounts::formSignUp);
        r.post("/signout", accounts::formSignOut);
        r.get("/labs", pages::labList);
        r.post("/labs", labController::formCreate);
        r.get("/labs/{id}", pages::labPage);
        r.get("/labs/{id}/status", pages::statusFragment);
        r.wsBeforeUpgrade("/labs/{id}/live", live::beforeUpgrade);
        r.ws("/labs/{id}/live", live::configure);
        r.get("/labs/{id}/domains", panels::counters);
        r.get("/labs/{id}/trace", panels::trace);
        r.get("/labs/{id}/snapshots", snapPages::labPanel);
        r.post("/labs/{id}/snapshots", snaps::formTake);
        r.post("/labs/{id}/restore", snaps::formRestore);
        r.post("/labs/{id}/suspend", snaps::formSuspend);
        r.post("/labs/{id}/{command}", labController::formCommand);
        r.get("/snapshots", snapPages::page);
        r.post("/snapshots/upload", snaps::formUpload);
        r.post("/snapshots/{sid}/fork", snaps::formFork);
        r.post("/snapshots/{sid}/delete", snaps::formDelete);
    }

    /** Accounts, for admins (docs/api.md, "Users"). */
    private static void adminRoutes(io.javalin.config.RoutesConfig r, UserController users, AdminPages pages) {
        r.get("/api/users", users::list);
        r.get("/api/users/{id}", users::get);
        r.patch("/api/users/{id}", users::update);
        r.get("/admin/users", pages::page);
        r.post("/admin/users/{id}", pages::formUpdate);
    }

    private void registerMetrics() {
        Gauge.builder("virtlab_labs_running", labs, LabService::runningCount).description("labs with a machine").register(metrics);
        Gauge.builder("virtlab_console_viewers", labs, LabService::viewerCount).description("open console WebSockets").register(metrics);
        Gauge.builder("virtlab_console_queued_bytes", labs, LabService::queuedConsoleBytes)
                .description("bytes waiting in viewers' send queues").register(metrics);
        Gauge.builder("virtlab_runner_queued_tasks", pool, RunnerPool::queuedCount).description("runnable labs waiting for a runner thread").register(metrics);
        Gauge.builder("virtlab_runner_threads", pool, RunnerPool::threadCount).register(metrics);
        FunctionCounter.builder("virtlab_runner_busy_seconds", pool, p -> p.busyNanos() / 1e9)
                .description("time runner threads spent running slices (rate / threads = utilisation)").register(metrics);
        FunctionCounter.builder("virtlab_guest_instructions", labs, LabService::totalInstructions)
                .description("guest instructions retired by running labs (rate = instructions per second)").register(metrics);
    }

    /** Starts the labs that were running at the last graceful shutdown, where they were, then listens. */
    public App start() {
        snapshots.resumePoints().resumeLabs();
        javalin.start(config.port());
        return this;
    }

    public int port() {
        return javalin.port();
    }

    public LabService labs() {
        return labs;
    }

    public ClassroomService classrooms() {
        return classrooms;
    }

    public SnapshotService snapshots() {
        return snapshots;
    }

    /**
     * Graceful shutdown: stop accepting, save every running lab to resume it at the next start
     * (docs/snapshots.md, "Server"), stop the labs, the runner threads, close the database.
     */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        recordings.close();
        classrooms.close();
        javalin.stop();
        live.close();
        snapshots.resumePoints().saveRunningLabs();
        labs.stopAll();
        pool.close();
        db.close();
    }

    public Path dataDir() {
        return config.dataDir();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
