package org.virtlab.server.labs;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.virtlab.server.accounts.AccountSettings;
import org.virtlab.server.accounts.Quotas;
import org.virtlab.server.accounts.User;
import org.virtlab.server.runner.RunnerPool;
import org.virtlab.server.web.ApiError;

/**
 * Labs: who may see and drive which, quotas, and the running machines. Every method takes the
 * acting user and refuses what that user may not do ({@link ApiError}).
 *
 * <p>Rules: a lab's owner does everything with it; admins and instructors may look at anyone's
 * lab and watch its console, but not type or change it; for everyone else another user's lab
 * does not exist (404, so ids cannot be probed) — unless a registered {@link WatchRule} lets
 * them watch it (a classroom's members watch the lab on its stage). Typing is the lab's
 * {@link Lab#keyboard() keyboard}'s business.
 *
 * <p>Quotas ({@link Quotas}: the user's overrides over the server's defaults): labs owned, labs
 * running at once, memory per lab (checked at create and at start), and the CPU share, handed to
 * the runner pool as the user's weight ({@link #applyCpuShare}).
 */
public final class LabService {
    private static final Logger LOG = LoggerFactory.getLogger(LabService.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ID_CHARS = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();

    private final LabStore store;
    private final RunnerPool pool;
    private final Quotas defaults;
    private final int runningPerUser;
    private final Map<String, Lab> labs = new ConcurrentHashMap<>();
    private final List<WatchRule> watchRules = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> accessListeners = new CopyOnWriteArrayList<>();
    private volatile ResumePoints resumePoints = ResumePoints.NONE;

    public LabService(LabStore store, RunnerPool pool, int defaultLabQuota, int runningPerUser) {
        this(store, pool, AccountSettings.defaults().quotas(defaultLabQuota), runningPerUser);
    }

    /** @param defaults the quotas of a user without overrides */
    public LabService(LabStore store, RunnerPool pool, Quotas defaults, int runningPerUser) {
        this.store = store;
        this.pool = pool;
        this.defaults = defaults;
        this.runningPerUser = runningPerUser;
    }

    /** Where labs continue when started again (the snapshot service); {@link ResumePoints#NONE} by default. */
    public void setResumePoints(ResumePoints points) {
        this.resumePoints = points;
    }

    /** The quotas in effect for {@code user}. */
    public Quotas quotas(User user) {
        return Quotas.of(user, defaults);
    }

    public Quotas defaultQuotas() {
        return defaults;
    }

    /**
     * Hands the user's CPU share to the runner pool (at every start of one of their labs, and when
     * an admin changes it): it applies from the next slice.
     */
    public void applyCpuShare(User user) {
        pool.setWeight(Lab.fairnessKey(user.id()), quotas(user).cpuShare());
    }

    /** How many labs a user owns, and how many of them run. */
    public record LabCounts(int owned, int running) { }

    public LabCounts labCounts(User user) {
        List<Lab> mine = list(user);
        return new LabCounts(mine.size(), (int) mine.stream().filter(Lab::isActive).count());
    }

    /** 403 {@code memory_quota_exceeded} when the preset's machine needs more memory than the user's quota. */
    private void checkMemory(User user, Preset preset) {
        int need = preset.machineMemoryMiB();
        int quota = quotas(user).memoryMiB();
        if (need > quota)
            throw new ApiError(403, "memory_quota_exceeded", "the preset '" + preset.id() + "' needs " + need
                    + " MiB of memory per lab and your quota is " + quota + " MiB; pick a smaller preset or ask an admin to raise it");
    }

    public synchronized Lab create(User user, String name, String presetId) {
        return insert(user, name, presetId, true);
    }

    /**
     * A new lab of {@code owner} that is a fork of a snapshot: it restores {@code origin} when
     * started and on every reset (copy-on-write, docs/snapshots.md). The caller starts it.
     * {@code quotaExempt}: the lab does not count against the owner's lab quota check (an
     * instructor's hand-out must reach every student).
     */
    public synchronized Lab createFromSnapshot(User owner, String name, String presetId, SnapshotOrigin origin, boolean quotaExempt) {
        Lab lab = insert(owner, name, presetId, !quotaExempt);
        lab.setOrigin(origin);
        return lab;
    }

    private Lab insert(User user, String name, String presetId, boolean checkQuota) {
        if (presetId == null || presetId.isBlank()) presetId = Preset.VIRTLAB_OS_BARE.id();
        String wanted = presetId;
        Preset preset = Preset.find(wanted).orElseThrow(() -> new ApiError(400, "unknown_preset",
                "no preset '" + wanted + "'; available: " + String.join(", ", Preset.all().stream().map(Preset::id).toList())));
        if (name == null || name.isBlank()) name = preset.title();
        name = name.strip();
        if (name.length() > 80) throw new ApiError(400, "bad_name", "a lab name has at most 80 characters");
        int quota = quotas(user).labs();
        if (checkQuota && store.countByOwner(user.id()) >= quota)
            throw new ApiError(403, "quota_exceeded", "you already have " + quota + " labs, your quota; delete one first");
        checkMemory(user, preset);
        LabRecord r = new LabRecord(newId(), user.id(), name, preset.id(), Instant.now());
        store.insert(r);
        log(user, r.id(), "lab created from preset " + preset.id());
        return runtime(r);
    }

    /** Adds a reason to let users watch labs they do not own (see {@link WatchRule}). */
    public void addWatchRule(WatchRule rule) {
        watchRules.add(rule);
    }

    /** Calls {@code listener} with a lab's id whenever who may watch it may have changed (open consoles re-check). */
    public void addAccessListener(Consumer<String> listener) {
        accessListeners.add(listener);
    }

    /** Tells the access listeners that the rules about {@code labId} changed (a member left, the stage moved). */
    public void accessChanged(String labId) {
        for (Consumer<String> l : accessListeners) l.accept(labId);
    }

    /** A lab by id with no access check, for services that made their own (empty when it does not exist). */
    public Optional<Lab> find(String id) {
        return store.find(id).map(this::runtime);
    }

    public List<Lab> list(User user) {
        return store.byOwner(user.id()).stream().map(this::runtime).toList();
    }

    /** A lab the user may look at (owner, admin, instructor); 404 otherwise. */
    public Lab view(User user, String id) {
        LabRecord r = store.find(id).orElseThrow(() -> notFound(id));
        if (r.ownerId() != user.id() && !user.role().canWatchOthers() && !watchRuleAllows(user, r)) throw notFound(id);
        return runtime(r);
    }

    /** A lab the user may drive: its owner only. */
    public Lab own(User user, String id) {
        Lab lab = view(user, id);
        if (lab.record().ownerId() != user.id())
            throw new ApiError(403, "not_owner", "only the lab's owner can change it or type into it");
        return lab;
    }

    public Lab start(User user, String id) {
        return start(user, id, null);
    }

    /**
     * Starts the lab from {@code from}; with null, from its resume point when it has one (it was
     * suspended, or saved at shutdown), else by booting a fresh machine.
     */
    public Lab start(User user, String id, LabSnapshot from) {
        Lab lab = own(user, id);
        synchronized (this) {
            long running = list(user).stream().filter(l -> l != lab && l.isActive()).count();
            if (running >= runningPerUser)
                throw new ApiError(403, "quota_exceeded", "you may run " + runningPerUser + " labs at once; stop one first");
            checkMemory(user, lab.preset());
            applyCpuShare(user);
            if (lab.isActive()) throw new ApiError(409, "already_running", "the lab is already running; stop it first");
            LabSnapshot source = from != null ? from : resumePoints.consume(lab);
            if (!lab.start(source)) throw new ApiError(409, "already_running", "the lab is already running; stop it first");
        }
        log(user, id, "lab started");
        return lab;
    }

    public Lab stop(User user, String id) {
        Lab lab = own(user, id);
        lab.stop();
        log(user, id, "lab stopped");
        return lab;
    }

    public Lab pause(User user, String id) {
        Lab lab = own(user, id);
        lab.pause();
        return lab;
    }

    public Lab resume(User user, String id) {
        Lab lab = own(user, id);
        lab.resume();
        return lab;
    }

    /** Pauses or resumes the lab's hypervisor event trace: its owner only; 404 on a lab without a hypervisor. */
    public Lab setTracePaused(User user, String id, boolean paused) {
        Lab lab = own(user, id);
        if (lab.domains().count() == 0) throw noHypervisor(id);
        lab.domains().setTracePaused(paused);
        return lab;
    }

    /** A lab the user may drive (owner) that runs the hypervisor stack; 404 {@code no_hypervisor} otherwise. */
    public Lab ownHypervisor(User user, String id) {
        Lab lab = own(user, id);
        if (lab.domains().count() == 0) throw noHypervisor(id);
        return lab;
    }

    /** A lab the user may look at that runs the hypervisor stack; 404 {@code no_hypervisor} otherwise. */
    public Lab viewHypervisor(User user, String id) {
        Lab lab = view(user, id);
        if (lab.domains().count() == 0) throw noHypervisor(id);
        return lab;
    }

    private static ApiError noHypervisor(String id) {
        return new ApiError(404, "no_hypervisor", "lab '" + id + "' runs the bare stack: it has no hypervisor, domains"
                + " or trace; create a lab from a 'Hypervisor: ...' preset");
    }

    public Lab reset(User user, String id) {
        Lab lab = own(user, id);
        if (!lab.isActive()) throw new ApiError(409, "not_running", "the lab is not running; start it");
        lab.reset();
        return lab;
    }

    public void delete(User user, String id) {
        Lab lab = own(user, id);
        lab.stop();
        for (var hub : lab.consoles()) hub.closeAll(1001, "lab deleted");
        store.delete(id);
        labs.remove(id);
        resumePoints.labDeleted(id);
        log(user, id, "lab deleted");
    }

    /** Every lab with a machine (running, paused, or starting). */
    public List<Lab> activeLabs() {
        return labs.values().stream().filter(Lab::isActive).toList();
    }

    /** Stops every lab (shutdown). */
    public void stopAll() {
        for (Lab lab : labs.values()) lab.stop();
    }

    public int runningCount() {
        return (int) labs.values().stream().filter(Lab::isActive).count();
    }

    public long totalInstructions() {
        return labs.values().stream().mapToLong(l -> l.status().instructions()).sum();
    }

    public int viewerCount() {
        return labs.values().stream().flatMap(l -> l.consoles().stream()).mapToInt(c -> c.viewers().size()).sum();
    }

    public long queuedConsoleBytes() {
        return labs.values().stream().flatMap(l -> l.consoles().stream()).flatMap(c -> c.viewers().stream())
                .mapToLong(v -> v.queuedBytes()).sum();
    }

    private boolean watchRuleAllows(User user, LabRecord r) {
        for (WatchRule rule : watchRules) if (rule.mayWatch(user, r)) return true;
        return false;
    }

    private Lab runtime(LabRecord r) {
        return labs.computeIfAbsent(r.id(), k -> {
            Lab lab = new Lab(r, Preset.find(r.presetId()).orElse(Preset.VIRTLAB_OS_BARE), pool);
            if (resumePoints.has(r.id())) lab.markSuspended(true);
            return lab;
        });
    }

    /** One log line for a user's action on a lab. */
    private static void log(User user, String labId, String what) {
        LOG.atInfo().addKeyValue("lab", labId).addKeyValue("user", user.id()).log(what);
    }

    private static ApiError notFound(String id) {
        return new ApiError(404, "lab_not_found", "no lab '" + id + "' that you can see");
    }

    private static String newId() {
        char[] c = new char[12];
        for (int i = 0; i < c.length; i++) c[i] = ID_CHARS[RANDOM.nextInt(ID_CHARS.length)];
        return new String(c);
    }

}
