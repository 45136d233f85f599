// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {NodeRegistry, IBurnable} from "./NodeRegistry.sol";
import {TaskMarketState} from "./TaskMarketState.sol";
import {TaskMarketViews} from "./TaskMarketViews.sol";

/// @notice Where a public chain plugs randomness nobody can choose into the draw (docs/decisions/0003, 0045:
/// DrandBeacon verifies drand's evmnet beacon). Without one (address zero) the market uses the hash of the
/// task's target block, which that block's producer can choose: for the local devnet only.
interface IRandomnessSource {
    /// @return ready whether the randomness for the task exists yet; a task whose randomness is not
    /// ready is not drawn yet (and expires, fee burned, when its epoch's draw window closes).
    /// @return value randomness nobody could know when the task was submitted
    function randomness(uint256 taskId, uint64 targetBlock) external view returns (bool ready, bytes32 value);
    /// @notice Called at submit, before anyone can know the value the task will draw from: a source fixes
    /// here what that value will be (a beacon's round, decision 0045).
    function fix(uint64 targetBlock) external;
    /// @notice The source in words, for the app (the market's randomnessKind()).
    function kind() external view returns (string memory);
}

/// @title The PoQ task market, protocol v3: one round of PROTOCOL.md per task.
/// @notice submit (fee escrowed, parameters snapshotted) -> draw (miners and validators drawn, each task on
/// its own, from the weights of its target block's epoch and the randomness of that block, by anyone in
/// that epoch or the next) -> answer commit -> answer reveal -> score commit -> score reveal -> finalize
/// (median consensus with a quorum, rewards, refunds, penalties, trust). A phase ends as soon as every
/// selected participant has acted (fast path); deadlines only matter when someone is missing, and then
/// anyone may call advance(). No transaction works through other tasks: each one's gas is bounded by
/// k, m and the registry's MAX_SKIPS (docs/decisions/0023).
contract TaskMarket is TaskMarketState {
    using SafeERC20 for IERC20;

    bytes32 public constant GOVERNOR_ROLE = keccak256("GOVERNOR_ROLE");
    uint256 internal constant BPS = 10_000;
    uint256 internal constant MAX_SCORE = 10_000;
    uint256 internal constant MAX_MINERS = 8;
    uint256 internal constant MAX_VALIDATORS = 15;
    /// @notice With fewer than three validators a lone or paired liar decides or splits the median.
    uint256 internal constant MIN_VALIDATORS = 3;
    /// @notice Hard cap on every penalty: governance cannot take more than 20% of a stake per offence.
    uint16 internal constant MAX_SLASH_BPS = 2_000;
    /// @notice Hard cap on a phase window: governance cannot stretch a task (and the stake locked in it) past a day.
    uint32 internal constant MAX_WINDOW = 1 days;
    /// @notice An answer may hold at most this many bytes per requested token: the chain's bound on maxTokens.
    uint256 internal constant MAX_BYTES_PER_TOKEN = 32;
    /// @notice blockhash reaches back this many blocks; a task not drawn by then has expired.
    uint256 internal constant BLOCKHASH_REACH = 256;
    /// @notice After a task's last deadline its participants' stake stays this long, so that anyone (the
    /// requester wants its refund, the honest their pay) can settle it before a slashed node leaves.
    uint64 internal constant SETTLE_GRACE = 1 hours;
    /// @notice A deviation slash needs this many revealed validators within the tolerance (decision 0046): in an
    /// m = 3 task two sybils that capture the median would otherwise slash the one honest validator (attack 8).
    uint256 private constant DEVIATION_WITNESSES = 3;
    /// @notice A validator whose mean absolute deviation from a task's consensus is at least tolerance / FAR_DIVISOR
    /// (125 at the default tolerance, 62 at its floor) was far from it in that task (decision 0058): honest validators
    /// running one deterministic evaluator deviate by 0 to 14, a constant reporter or a consensus copier by hundreds.
    uint256 private constant FAR_DIVISOR = 8;
    /// @notice Governance floors (docs/decisions/0027): a tolerance and a slash threshold that the measured
    /// spread of honest validators fits inside, and phase windows of several blocks.
    uint16 internal constant MIN_TOLERANCE = 500;
    uint16 internal constant MIN_SLASH_DEVIATION = 1_500;
    uint32 internal constant MIN_WINDOW = 4;
    /// An audit as revealed (decision 0043): verdict | mismatches << 2 (the positions the replay drew another
    /// token, capped); the verdict: it did not replay (it does not hold the task's model), pass, fail.
    uint8 internal constant ABSTAIN = 0;
    uint8 internal constant PASS = 1;
    uint8 internal constant FAIL = 2;

    IERC20 public immutable token;
    NodeRegistry public immutable registry;
    /// @notice address(0): the hash of the target block; otherwise a VRF adapter (set at deploy, never changed)
    IRandomnessSource public immutable randomnessSource;
    /// @dev Where the read-only views run (see the fallback), created by the constructor.
    address private immutable views;
    event TaskSubmitted(uint256 indexed taskId, address indexed requester, string modelFamily, bytes32 evaluatorId,
        uint8 k, uint8 m, uint32 maxTokens, uint256 fee, string prompt, uint64 targetBlock, uint32 promptTokens);
    event TaskDrawn(uint256 indexed taskId, address[] miners, address[] validators, uint64 deadline, bytes32 seed);
    /// @notice Nobody drew the task in its draw window: the requester walked away and its fee is burned.
    event TaskExpired(uint256 indexed taskId, uint256 forfeited);
    /// @notice Too few nodes could serve the task (capacity, price, or left): nobody is drawn, the fee is refunded.
    event TaskUnserved(uint256 indexed taskId);
    /// @notice A drawn miner declined a task whose prompt was declared below one token per byte.
    event Declined(uint256 indexed taskId, address indexed miner);
    event PhaseChanged(uint256 indexed taskId, Phase phase, uint64 deadline);
    event AnswerCommitted(uint256 indexed taskId, address indexed miner);
    /// @param tokens the token ids the miner drew (unsigned LEB128 varints; empty: not given), which auditors replay
    event AnswerRevealed(uint256 indexed taskId, address indexed miner, uint8 index, string answer, bytes tokens);
    event ScoresCommitted(uint256 indexed taskId, address indexed validator);
    /// @param audits per selected miner: verdict (0 abstain: not replayed, 1 pass, 2 fail) | mismatches << 2
    event ScoresRevealed(uint256 indexed taskId, address indexed validator, uint16[] scores, uint16[] audits);
    event Rewarded(uint256 indexed taskId, address indexed node, uint256 amount);
    event Penalized(uint256 indexed taskId, address indexed node, Penalty reason, uint256 slashed);
    event Finalized(uint256 indexed taskId, uint16[] consensus, int8 best, uint256 minerRewards,
        uint256 validatorRewards, uint256 refund);

    constructor(IERC20 token_, NodeRegistry registry_, address admin, Params memory params_, IRandomnessSource randomness_) {
        token = token_;
        registry = registry_;
        randomnessSource = randomness_;
        views = address(new TaskMarketViews());
        _setParams(params_);
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(GOVERNOR_ROLE, admin);
    }

    function setParams(Params calldata p) external onlyRole(GOVERNOR_ROLE) {
        _setParams(p);
    }

    function _setParams(Params memory p) private {
        require(p.minerShareBps <= BPS, "Market: miner share above 100%");
        require(p.tolerance >= MIN_TOLERANCE && p.tolerance <= p.slashDeviation,
            "Market: tolerance must be in 500..slashDeviation (honest validators' measured spread)");
        require(p.slashDeviation >= MIN_SLASH_DEVIATION, "Market: slash deviation below 1500");
        require(p.slashDeviation <= MAX_SCORE, "Market: slash deviation above 10000");
        require(p.noRevealSlashBps <= MAX_SLASH_BPS && p.absentSlashBps <= MAX_SLASH_BPS
            && p.deviationSlashBps <= MAX_SLASH_BPS, "Market: a penalty above the 20% cap");
        require(p.commitWindow >= MIN_WINDOW && p.revealWindow >= MIN_WINDOW, "Market: a window below 4 seconds");
        require(p.commitWindow <= MAX_WINDOW && p.revealWindow <= MAX_WINDOW, "Market: a window above one day");
        require(p.minFeePerParticipant > 0, "Market: the minimum fee must be positive");
        currentParams = p;
        paramsVersion += 1;
        paramsOf[paramsVersion] = p;
    }

    // ---------------------------------------------------------------- 1-2: submit and select

    /// @notice Submits a prompt and escrows `fee` POQ (approve the market first). Nothing is drawn yet: k
    /// miners serving `modelFamily` whose registered context holds `promptTokens + maxTokens`, and m
    /// validators running `evaluatorId`, each priced at or below what the task pays its role, are drawn
    /// weighted by stake x trust and never the requester, from the weights of the target block's epoch and
    /// the randomness of that block, by `draw(taskId)`. So no code that runs in the submitting transaction,
    /// nor any weight change made once the randomness is known, can see or steer the draw.
    /// @param promptTokens the prompt's token count as the requester declares it: at least
    /// ceil(bytes / MAX_BYTES_PER_TOKEN) and at most its byte count (no tokenizer makes more tokens than
    /// bytes). Declared below its byte count, a drawn miner whose tokenizer counts more may decline openly.
    function submitTask(string calldata prompt, string calldata modelFamily, bytes32 evaluatorId, uint8 k, uint8 m,
        uint32 maxTokens, uint32 promptTokens, uint256 fee) external returns (uint256 taskId)
    {
        Params memory p = currentParams;
        uint256 bytes_ = bytes(prompt).length;
        require(bytes_ > 0, "Market: prompt is empty");
        require(bytes_ <= p.maxPromptBytes, "Market: prompt too long");
        require(k >= 1 && k <= MAX_MINERS, "Market: k must be in 1..8");
        require(m >= MIN_VALIDATORS && m <= MAX_VALIDATORS && m % 2 == 1,
            "Market: m must be odd and in 3..15 (an even m lets half of the validators void a task)");
        require(maxTokens >= 1 && maxTokens <= p.maxTokensLimit, "Market: maxTokens out of range");
        require(promptTokens >= (bytes_ + MAX_BYTES_PER_TOKEN - 1) / MAX_BYTES_PER_TOKEN && promptTokens <= bytes_,
            "Market: promptTokens must be between bytes / 32 (rounded up) and the prompt's byte count");
        require(fee >= uint256(p.minFeePerParticipant) * (uint256(k) + m),
            "Market: fee below the protocol minimum (minFeePerParticipant x (k + m))");
        require(registry.knownEvaluator(evaluatorId), "Market: unknown evaluator");
        bytes32 mGroup = registry.minerGroup(modelFamily);
        require(registry.eligibleCount(mGroup, msg.sender) >= k, "Market: not enough eligible miners");
        require(registry.eligibleCount(_validatorGroup(evaluatorId), msg.sender) >= m, "Market: not enough eligible validators");

        token.safeTransferFrom(msg.sender, address(this), fee);

        taskId = ++taskCount;
        Task storage t = tasks[taskId];
        t.requester = msg.sender;
        t.phase = Phase.Drawing;
        t.k = k;
        t.m = m;
        t.maxTokens = maxTokens;
        t.promptTokens = promptTokens;
        t.declinable = promptTokens < bytes_;
        t.submitBlock = uint40(block.number);
        t.targetBlock = uint40(block.number + 1);
        t.paramsVersion = paramsVersion;
        t.evaluatorId = evaluatorId;
        t.promptHash = keccak256(bytes(prompt));
        t.minerGroup = mGroup;
        t.fee = fee;
        if (address(randomnessSource) != address(0)) _fixRandomness();
        emit TaskSubmitted(taskId, msg.sender, modelFamily, evaluatorId, k, m, maxTokens, fee, prompt,
            uint64(block.number + 1), promptTokens);
    }

    // ---------------------------------------------------------------- 2: draw

    /// @notice Draws one task: anyone may call it once its target block is mined, during the target's
    /// epoch and the next. It reads only this task and the registry's snapshot of that epoch, so its gas is
    /// bounded whatever else is waiting. Called too late, it expires the task (the fee is burned).
    function draw(uint256 taskId) external {
        Task storage t = tasks[taskId];
        require(t.phase != Phase.None, "Market: unknown task");
        require(t.phase == Phase.Drawing, "Market: task already drawn");
        require(block.number > t.targetBlock, "Market: the target block is not mined yet; draw after it");
        if (_drawWindowClosed(t)) {
            _expire(taskId, t);
            return;
        }
        (bool ready, bytes32 r) = _randomness(taskId, t.targetBlock);
        require(ready, "Market: the randomness source has no value for this task yet");
        if (r == bytes32(0)) _expire(taskId, t);
        else _draw(taskId, t, r);
    }

    /// @notice True while `draw(taskId)` would draw rather than expire the task.
    function drawable(uint256 taskId) external view returns (bool) {
        Task storage t = tasks[taskId];
        return t.phase == Phase.Drawing && block.number > t.targetBlock && !_drawWindowClosed(t);
    }

    function _drawWindowClosed(Task storage t) private view returns (bool) {
        return registry.epoch() > registry.epochOf(t.targetBlock) + 1
            || block.number > uint256(t.targetBlock) + BLOCKHASH_REACH;
    }

    function _randomness(uint256 id, uint40 target) private view returns (bool, bytes32) {
        if (address(randomnessSource) != address(0)) {
            return randomnessSource.randomness(id, target);
        }
        return (true, blockhash(target));
    }

    /// @dev randomnessSource.fix(next block) in assembly (a typed call costs the market 500 bytes of code, which
    /// it is short of); a refusal's reason is passed on.
    function _fixRandomness() private {
        address source = address(randomnessSource);
        bytes4 selector = IRandomnessSource.fix.selector;
        assembly ("memory-safe") {
            mstore(0, selector)
            mstore(4, add(number(), 1))
            if iszero(call(gas(), source, 0, 0, 0x24, 0, 0)) {
                returndatacopy(0, 0, returndatasize())
                revert(0, returndatasize())
            }
        }
    }

    function _draw(uint256 taskId, Task storage t, bytes32 randomness) private {
        bytes32 seed = keccak256(abi.encode(taskId, randomness, address(this), block.chainid));
        t.seed = seed;
        t.drawBlock = uint40(block.number);
        Params storage p = paramsOf[t.paramsVersion];
        uint256 minerPool = t.fee * p.minerShareBps / BPS;
        uint256 snapshot = registry.epochOf(t.targetBlock);
        // each role's real share: a node priced above it is not drawn, so it never has to stay away
        address[] memory ms = registry.sample(t.minerGroup, keccak256(abi.encode(seed, "miners")), t.k,
            NodeRegistry.Need(snapshot, uint256(t.promptTokens) + t.maxTokens, minerPool / t.k, t.requester));
        address[] memory vs = registry.sample(_validatorGroup(t.evaluatorId), keccak256(abi.encode(seed, "validators")),
            t.m, NodeRegistry.Need(snapshot, 0, (t.fee - minerPool) / t.m, t.requester));
        if (ms.length < t.k || vs.length < t.m) {
            // too few nodes could serve it: nobody is drawn, nobody is penalised, the fee goes back
            emit TaskUnserved(taskId);
            _finalize(taskId, t);
            return;
        }
        for (uint256 i = 0; i < ms.length; i++) {
            miners[taskId].push(ms[i]);
            SlotRecord storage s = slots[taskId][ms[i]];
            s.position = uint8(i + 1);
            s.miner = true;
        }
        for (uint256 i = 0; i < vs.length; i++) {
            validators[taskId].push(vs[i]);
            slots[taskId][vs[i]].position = uint8(i + 1);
        }
        // the longest the task can run (every phase to its deadline) plus time to settle it
        uint64 until = uint64(block.timestamp) + 2 * uint64(p.commitWindow) + 2 * uint64(p.revealWindow) + SETTLE_GRACE;
        registry.lock(ms, vs, until);
        _enter(taskId, t, Phase.AnswerCommit);
        emit TaskDrawn(taskId, ms, vs, t.deadline, seed);
    }

    /// @dev The requester walked away (nobody drew the task in its window): a second draw would let it pick
    /// between two, and a refund would make walking away a free re-roll, so the fee is burned.
    function _expire(uint256 taskId, Task storage t) private {
        t.phase = Phase.Finalized;
        IBurnable(address(token)).burn(t.fee);
        emit TaskExpired(taskId, t.fee);
        emit PhaseChanged(taskId, Phase.Finalized, uint64(block.timestamp));
        emit Finalized(taskId, new uint16[](t.k), -1, 0, 0, 0);
    }

    function _validatorGroup(bytes32 evaluatorId) private pure returns (bytes32) {
        return keccak256(abi.encode(NodeRegistry.Role.Validator, evaluatorId));
    }

    // ---------------------------------------------------------------- 3-4: answers

    function commitAnswer(uint256 taskId, bytes32 commitment) external {
        Task storage t = _inPhase(taskId, Phase.AnswerCommit, "Market: not in the answer-commit phase");
        SlotRecord storage s = _selected(taskId, true);
        require(s.word == bytes32(0), "Market: already committed");
        require(commitment != bytes32(0), "Market: commitment is zero");
        require(!s.declined, "Market: you declined this task");
        s.word = commitment;
        t.answerCommits += 1;
        emit AnswerCommitted(taskId, msg.sender);
        if (t.answerCommits + t.declines == t.k) {
            _enter(taskId, t, Phase.AnswerReveal);
        }
    }

    /// @notice A drawn miner declines openly, without penalty or pay, a task whose prompt the requester
    /// declared below one token per byte (its tokenizer may count more than declared, and then the task does
    /// not fit the context it registered). The requester pays the same fee for fewer answers.
    function decline(uint256 taskId) external {
        Task storage t = _inPhase(taskId, Phase.AnswerCommit, "Market: not in the answer-commit phase");
        SlotRecord storage s = _selected(taskId, true);
        require(t.declinable, "Market: the prompt was declared at one token per byte; it fits the context you registered");
        require(s.word == bytes32(0) && !s.declined, "Market: already committed or declined");
        s.declined = true;
        t.declines += 1;
        emit Declined(taskId, msg.sender);
        if (t.answerCommits + t.declines == t.k) {
            if (t.answerCommits == 0) _finalize(taskId, t);
            else _enter(taskId, t, Phase.AnswerReveal);
        }
    }

    /// @param tokens the token ids the miner drew (unsigned LEB128 varints, at most 4 bytes per requested token),
    /// which auditors replay; empty, they replay the text's own tokenization, which fails an honest answer whose
    /// draw was not the tokenizer's split. The commitment covers the text only: the text is fixed before anyone
    /// reveals, and any tokenization of it must still be the model's seeded draw to pass.
    function revealAnswer(uint256 taskId, string calldata answer, bytes calldata tokens, bytes32 salt) external {
        Task storage t = _inPhase(taskId, Phase.AnswerReveal, "Market: not in the answer-reveal phase");
        SlotRecord storage s = _selected(taskId, true);
        require(!s.revealed, "Market: already revealed");
        require(s.word != bytes32(0), "Market: nothing committed");
        require(bytes(answer).length <= paramsOf[t.paramsVersion].maxAnswerBytes, "Market: answer too long");
        require(bytes(answer).length <= uint256(t.maxTokens) * MAX_BYTES_PER_TOKEN && tokens.length <= uint256(t.maxTokens) * 4,
            "Market: answer longer than maxTokens allows");
        require(salt != bytes32(0), "Market: salt is zero; use 32 random bytes");
        bytes32 answerHash = keccak256(bytes(answer));
        require(answerCommitment(taskId, msg.sender, answerHash, salt) == s.word, "Market: reveal does not match the commitment");
        s.revealed = true;
        s.word = answerHash;
        t.answerReveals += 1;
        emit AnswerRevealed(taskId, msg.sender, s.position - 1, answer, tokens);
        if (t.answerReveals == t.answerCommits) {
            _enter(taskId, t, Phase.ScoreCommit);
        }
    }

    // ---------------------------------------------------------------- 5-6: scores

    function commitScores(uint256 taskId, bytes32 commitment) external {
        Task storage t = _inPhase(taskId, Phase.ScoreCommit, "Market: not in the score-commit phase");
        SlotRecord storage s = _selected(taskId, false);
        require(s.word == bytes32(0), "Market: already committed");
        require(commitment != bytes32(0), "Market: commitment is zero");
        s.word = commitment;
        t.scoreCommits += 1;
        emit ScoresCommitted(taskId, msg.sender);
        if (t.scoreCommits == t.m) {
            _enter(taskId, t, Phase.ScoreReveal);
        }
    }

    /// @param scores one score in 0..10000 per selected miner, in selection order; scores of answers that
    /// were never revealed are ignored.
    /// @param audits one audit per selected miner, revealed with the scores under one commitment: verdict
    /// (0 abstain: this validator does not hold the task's model, 1 pass, 2 fail, 3 counts as 0) | mismatches << 2;
    /// ignored where no answer was revealed. Audits decide at finalize (decision 0043).
    function revealScores(uint256 taskId, uint16[] calldata scores, uint16[] calldata audits, bytes32 salt) external {
        Task storage t = _inPhase(taskId, Phase.ScoreReveal, "Market: not in the score-reveal phase");
        SlotRecord storage s = _selected(taskId, false);
        require(!s.revealed, "Market: already revealed");
        require(s.word != bytes32(0), "Market: nothing committed");
        require(scores.length == t.k && audits.length == t.k, "Market: need one score per selected miner, and one audit");
        uint256 packed;
        for (uint256 i = 0; i < scores.length; i++) {
            require(scores[i] <= MAX_SCORE, "Market: score above 10000");
            packed |= uint256(scores[i]) << (16 * i) | uint256(audits[i] & 3) << (VERDICT_SHIFT + 2 * i);
        }
        require(salt != bytes32(0), "Market: salt is zero; use 32 random bytes");
        require(scoreCommitment(taskId, msg.sender, scores, audits, salt) == s.word, "Market: reveal does not match the commitment");
        s.revealed = true;
        s.word = bytes32(packed);
        t.scoreReveals += 1;
        emit ScoresRevealed(taskId, msg.sender, scores, audits);
        if (t.scoreReveals == t.scoreCommits) {
            _finalize(taskId, t);
        }
    }

    // ---------------------------------------------------------------- deadlines

    /// @notice Ends the current phase once its deadline has passed (or expires a task whose draw window
    /// closed); anyone may call it.
    function advance(uint256 taskId) external {
        Task storage t = tasks[taskId];
        require(t.phase != Phase.None, "Market: unknown task");
        require(t.phase != Phase.Finalized, "Market: task already finalized");
        if (t.phase == Phase.Drawing) {
            require(block.number > t.targetBlock && _drawWindowClosed(t), "Market: not drawn yet; call draw after the target block");
            _expire(taskId, t);
            return;
        }
        require(block.timestamp > t.deadline, "Market: deadline not reached");
        if (t.phase == Phase.AnswerCommit) {
            if (t.answerCommits == 0) _finalize(taskId, t);
            else _enter(taskId, t, Phase.AnswerReveal);
        } else if (t.phase == Phase.AnswerReveal) {
            if (t.answerReveals == 0) _finalize(taskId, t);
            else _enter(taskId, t, Phase.ScoreCommit);
        } else if (t.phase == Phase.ScoreCommit) {
            if (t.scoreCommits == 0) _finalize(taskId, t);
            else _enter(taskId, t, Phase.ScoreReveal);
        } else {
            _finalize(taskId, t);
        }
    }

    // ---------------------------------------------------------------- 7-10: finalize

    function _finalize(uint256 taskId, Task storage t) private {
        t.phase = Phase.Finalized;
        Params memory p = _params(t);
        address[] storage ms = miners[taskId];
        address[] storage vs = validators[taskId];
        uint256 k = t.k;
        bytes32 vGroup = _validatorGroup(t.evaluatorId);

        // A verdict needs a strict majority of the selected validators to have revealed, and no answer
        // whose median is split between two far-apart middle values (an even number of revealers, half of
        // them on each side): then nobody can tell the liars from the honest, so nobody is paid or slashed
        // for deviation, and the requester gets the fee back.
        uint16[] memory consensus = new uint16[](k);
        bool[] memory answered = new bool[](ms.length);
        bool verdict = 2 * uint256(t.scoreReveals) > t.m;
        int8 best = -1;
        uint256 packedConsensus;
        for (uint256 i = 0; i < ms.length; i++) {
            answered[i] = slots[taskId][ms[i]].revealed;
            if (answered[i] && verdict) {
                (uint16 c, bool split) = _median(taskId, vs, i, t.scoreReveals, p.slashDeviation);
                if (split) verdict = false;
                consensus[i] = c;
            }
        }
        // Proof of model (decision 0043): a failed answer is paid as a zero consensus (and its miner slashed);
        // validators' score deviation is still measured against the scores' own median.
        uint16[] memory paidConsensus = new uint16[](k);
        uint256 minerPool = t.fee * p.minerShareBps / BPS;
        uint256 validatorPool = t.fee - minerPool;
        uint256 validatorPaid;
        uint256 failed;
        uint256 contradicted;
        uint256 agreed;
        if (verdict && t.answerReveals > 0) {
            (failed, contradicted, agreed) = _audit(taskId, ms, vs, answered, t.m, p, t.minerGroup);
            for (uint256 i = 0; i < ms.length; i++) {
                if (!answered[i]) continue;
                if ((failed >> i) & 1 == 0) paidConsensus[i] = consensus[i];
                packedConsensus |= uint256(paidConsensus[i]) << (16 * i);
                if (best < 0 || paidConsensus[i] > paidConsensus[uint8(best)]) best = int8(int256(i));
            }
        } else {
            consensus = paidConsensus;
        }
        t.consensus = packedConsensus;

        uint256 minerPaid = verdict ? _payMiners(taskId, t, ms, paidConsensus, answered, minerPool, p)
            : _penalizeSilent(taskId, ms, p, t.minerGroup);
        if (t.answerReveals > 0) {
            validatorPaid = verdict ? _payValidators(taskId, vs, consensus, answered, validatorPool, p, vGroup, contradicted, agreed)
                : _penalizeSilent(taskId, vs, p, vGroup);
        }
        uint256 refund = t.fee - minerPaid - validatorPaid;
        if (refund > 0) {
            token.safeTransfer(t.requester, refund);
        }
        emit PhaseChanged(taskId, Phase.Finalized, uint64(block.timestamp));
        emit Finalized(taskId, paidConsensus, best, minerPaid, validatorPaid, refund);
    }

    /// @dev Miner reward weight is consensus^2 for answers at or above the quality floor: convex, so a
    /// low-quality answer earns much less than a good one.
    function _payMiners(uint256 taskId, Task storage t, address[] storage ms, uint16[] memory consensus,
        bool[] memory answered, uint256 pool, Params memory p) private returns (uint256 paid)
    {
        uint256 k = ms.length;
        uint256[] memory w = new uint256[](k);
        uint256 sum;
        for (uint256 i = 0; i < k; i++) {
            if (answered[i] && consensus[i] >= p.qualityFloor && consensus[i] > 0) {
                w[i] = uint256(consensus[i]) * consensus[i];
                sum += w[i];
            }
        }
        for (uint256 i = 0; i < k; i++) {
            address miner = ms[i];
            if (answered[i]) {
                if (w[i] > 0) {
                    uint256 amount = pool * w[i] / sum;
                    paid += amount;
                    token.safeTransfer(miner, amount);
                    emit Rewarded(taskId, miner, amount);
                }
                registry.updateTrust(miner, t.minerGroup, consensus[i]);
            } else {
                _penalizeMissing(taskId, miner, p, t.minerGroup);
            }
        }
    }

    /// @dev Without a verdict nobody is paid and nobody is slashed for deviation, but selected nodes that
    /// never revealed are still penalized (unless they declined openly).
    function _penalizeSilent(uint256 taskId, address[] storage nodes, Params memory p, bytes32 group)
        private returns (uint256)
    {
        for (uint256 i = 0; i < nodes.length; i++) {
            if (!slots[taskId][nodes[i]].revealed) _penalizeMissing(taskId, nodes[i], p, group);
        }
        return 0;
    }

    /// @dev A validator's pay and trust fall continuously with its mean absolute deviation d from consensus
    /// (decision 0046): it shares the pool with weight (tolerance - d)^2, zero from the tolerance on, and its
    /// trust moves with agreement ((tolerance - d) / tolerance)^2; beyond slashDeviation it is slashed, when at
    /// least DEVIATION_WITNESSES revealed validators are within the tolerance. Honest
    /// validators run one deterministic evaluator (d of 0 or 1 on fp32), so this costs them nothing; a validator
    /// that reports a constant or the previous consensus deviates by the spread of the task's answers, earns a
    /// fraction of an honest share and sinks below the start trust. What it does not earn stays in the pool of
    /// the task's closer validators; the pool goes back to the requester only when nobody is within tolerance.
    function _payValidators(uint256 taskId, address[] storage vs, uint16[] memory consensus,
        bool[] memory answered, uint256 pool, Params memory p, bytes32 group, uint256 contradicted, uint256 agreed)
        private returns (uint256 paid)
    {
        uint256 m = vs.length;
        uint256[] memory w = new uint256[](m);
        uint256[] memory dev = new uint256[](m);
        uint256 sum;
        uint256 answeredCount;
        uint256 witnesses; // revealed validators within the tolerance
        for (uint256 i = 0; i < answered.length; i++) {
            if (answered[i]) answeredCount++;
        }
        for (uint256 j = 0; j < m; j++) {
            SlotRecord storage s = slots[taskId][vs[j]];
            if (!s.revealed) continue;
            uint256 total;
            uint256 data = uint256(s.word);
            for (uint256 i = 0; i < answered.length; i++) {
                if (!answered[i]) continue;
                uint256 score = (data >> (16 * i)) & 0xFFFF;
                total += score > consensus[i] ? score - consensus[i] : consensus[i] - score;
            }
            dev[j] = total / answeredCount;
            if (dev[j] < p.tolerance) {
                witnesses++;
                if ((contradicted >> j) & 1 == 0) { // an audit against the decided majority earns nothing
                    uint256 gap = uint256(p.tolerance) - dev[j];
                    w[j] = (gap * gap) << ((agreed >> j) & 1); // an audit agreeing with the decided majority doubles it
                    sum += w[j];
                }
            }
        }
        for (uint256 j = 0; j < m; j++) {
            address v = vs[j];
            if (!slots[taskId][v].revealed) {
                _penalizeMissing(taskId, v, p, group);
                continue;
            }
            if (w[j] > 0) {
                uint256 amount = pool * w[j] / sum;
                paid += amount;
                token.safeTransfer(v, amount);
                emit Rewarded(taskId, v, amount);
            }
            bool contra = (contradicted >> j) & 1 == 1; // an audit against the decided majority is a deviation
            if ((dev[j] > p.slashDeviation && witnesses >= DEVIATION_WITNESSES) || contra) {
                uint256 slashed = registry.slash(v, p.deviationSlashBps);
                emit Penalized(taskId, v, contra ? Penalty.AuditDeviation : Penalty.Deviation, slashed);
            }
            // agreement is the pay factor: a steady deviation of a third of the tolerance already pulls trust
            // below the start value, so a lazy validator is drawn less and less; an audit against the majority: 0.
            // A task counts for the strikes (decision 0058) when its median had the witnesses a deviation slash needs.
            NodeRegistry.Distance distance = witnesses < DEVIATION_WITNESSES ? NodeRegistry.Distance.Uncounted
                : dev[j] * FAR_DIVISOR >= p.tolerance ? NodeRegistry.Distance.Far : NodeRegistry.Distance.Close;
            uint256 struck = registry.updateValidator(v, group,
                contra ? 0 : (w[j] >> ((agreed >> j) & 1)) * BPS / (uint256(p.tolerance) * p.tolerance), distance, p.deviationSlashBps);
            if (struck > 0) emit Penalized(taskId, v, Penalty.PersistentDeviation, struck);
        }
    }

    /// @dev Decides each revealed answer's audit, only by more than half of the task's m validators: FAIL or PASS
    /// when 2 x (that many verdicts) > m. Abstentions count for neither side, so a minority can neither fail an
    /// honest answer nor pass a failed one, whatever the others do; with too few holders of the model the audit
    /// stays undecided and the answer is paid by its score alone. Slashes the miner of a failed answer (burned:
    /// nobody who votes gains from it).
    /// @return failed bit i: answer i failed its audit
    /// @return contradicted bit j: validator j's verdict contradicts a decided audit (paid nothing, slashed)
    /// @return agreed bit j: validator j agreed with a decided audit and contradicted none (its weight doubles)
    function _audit(uint256 taskId, address[] storage ms, address[] storage vs, bool[] memory answered, uint256 m,
        Params memory p, bytes32 mGroup) private returns (uint256 failed, uint256 contradicted, uint256 agreed)
    {
        for (uint256 i = 0; i < answered.length; i++) {
            if (!answered[i]) continue;
            uint256 passes;
            uint256 fails;
            for (uint256 j = 0; j < vs.length; j++) {
                uint256 v = _verdict(taskId, vs[j], i);
                if (v == PASS) passes++;
                else if (v == FAIL) fails++;
            }
            uint256 outcome = 2 * fails > m ? FAIL : 2 * passes > m ? PASS : ABSTAIN;
            if (outcome == ABSTAIN) continue;
            if (outcome == FAIL) {
                failed |= 1 << i;
                _penalize(taskId, ms[i], Penalty.FailedAudit, p.noRevealSlashBps, mGroup);
            }
            for (uint256 j = 0; j < vs.length; j++) {
                uint256 v = _verdict(taskId, vs[j], i);
                if (v == outcome) agreed |= 1 << j;
                else if (v != ABSTAIN) contradicted |= 1 << j;
            }
        }
        agreed &= ~contradicted;
    }

    /// @dev A validator's revealed verdict on answer i (0 when it revealed nothing; 3 reads as an abstention).
    function _verdict(uint256 taskId, address v, uint256 i) private view returns (uint256) {
        SlotRecord storage s = slots[taskId][v];
        return s.revealed ? (uint256(s.word) >> (VERDICT_SHIFT + 2 * i)) & 3 : 0;
    }

    /// @dev Committed and never revealed: a no-reveal penalty. Never committed: an absence penalty, unless
    /// the miner declined openly. No price excuse: a node priced above the task was never drawn for it.
    function _penalizeMissing(uint256 taskId, address node, Params memory p, bytes32 group) private {
        SlotRecord storage s = slots[taskId][node];
        if (s.word != bytes32(0)) { // committed (this is called only for nodes that did not reveal)
            _penalize(taskId, node, Penalty.NoReveal, p.noRevealSlashBps, group);
        } else if (!s.declined) {
            _penalize(taskId, node, Penalty.Absent, p.absentSlashBps, group);
        }
    }

    function _penalize(uint256 taskId, address node, Penalty reason, uint256 bps, bytes32 group) private {
        uint256 slashed = registry.slash(node, bps);
        registry.updateTrust(node, group, 0);
        emit Penalized(taskId, node, reason, slashed);
    }

    /// @dev The median of the revealed scores of one answer; for an even count the mean of the two middle
    /// values, reported as split when they are more than `splitAbove` apart.
    function _median(uint256 taskId, address[] storage vs, uint256 answer, uint256 n, uint256 splitAbove)
        private view returns (uint16, bool)
    {
        uint256[] memory xs = new uint256[](n);
        uint256 c;
        for (uint256 j = 0; j < vs.length; j++) {
            SlotRecord storage s = slots[taskId][vs[j]];
            if (!s.revealed) continue;
            uint256 x = (uint256(s.word) >> (16 * answer)) & 0xFFFF;
            uint256 i = c;
            while (i > 0 && xs[i - 1] > x) {
                xs[i] = xs[i - 1];
                i--;
            }
            xs[i] = x;
            c++;
        }
        if (c % 2 == 1) return (uint16(xs[c / 2]), false);
        uint256 lo = xs[c / 2 - 1];
        uint256 hi = xs[c / 2];
        return (uint16((lo + hi) / 2), hi - lo > splitAbove);
    }

    // ---------------------------------------------------------------- helpers

    function _inPhase(uint256 taskId, Phase phase, string memory reason) private view returns (Task storage t) {
        t = tasks[taskId];
        require(t.phase != Phase.None, "Market: unknown task");
        require(t.phase == phase, reason);
        require(block.timestamp <= t.deadline, "Market: phase deadline passed");
    }

    /// @dev Only the draw writes a position, and it marks miners: a node drawn as a validator cannot act as a miner.
    function _selected(uint256 taskId, bool miner) private view returns (SlotRecord storage s) {
        s = slots[taskId][msg.sender];
        require(s.position != 0 && s.miner == miner,
            miner ? "Market: caller is not a selected miner" : "Market: caller is not a selected validator");
    }

    function _params(Task storage t) private view returns (Params memory) {
        return paramsOf[t.paramsVersion];
    }

    function _enter(uint256 taskId, Task storage t, Phase phase) private {
        t.phase = phase;
        Params storage p = paramsOf[t.paramsVersion]; // the windows share one word: read just that one
        uint32 window = phase == Phase.AnswerCommit || phase == Phase.ScoreCommit ? p.commitWindow : p.revealWindow;
        t.deadline = uint64(block.timestamp) + window;
        emit PhaseChanged(taskId, phase, t.deadline);
    }

    /// @notice The commitment a miner sends: keccak256(abi.encode(taskId, miner, keccak256(answer), salt)).
    function answerCommitment(uint256 taskId, address miner, bytes32 answerHash, bytes32 salt) public pure returns (bytes32) {
        return keccak256(abi.encode(taskId, miner, answerHash, salt));
    }

    /// @dev The commitment a validator sends: keccak256(abi.encode(taskId, validator, scores, audits, salt)). Not
    /// a public view (the contract's size limit): nodes compute it locally (Commitments.scores).
    function scoreCommitment(uint256 taskId, address validator, uint16[] calldata scores, uint16[] calldata audits,
        bytes32 salt) private pure returns (bytes32)
    {
        return keccak256(abi.encode(taskId, validator, scores, audits, salt));
    }

    // ---------------------------------------------------------------- views

    /// @notice Where the draw's randomness comes from, in words the app shows: the source's own kind().
    function randomnessKind() external view returns (string memory) {
        if (address(randomnessSource) == address(0)) return "block hash (local devnet: the block producer can choose it)";
        address source = address(randomnessSource);
        bytes4 selector = IRandomnessSource.kind.selector;
        assembly ("memory-safe") {
            // the source's answer is already an ABI-encoded string: passed on as it is
            mstore(0, selector)
            let ok := staticcall(gas(), source, 0, 4, 0, 0)
            returndatacopy(0, 0, returndatasize())
            if ok { return(0, returndatasize()) }
            revert(0, returndatasize())
        }
    }

    /// @notice Every other read-only function (getTask, getSlot, getParticipants, getConsensus, getValidatorScores,
    /// taskRandomness, samplingSeed, params, paramsAt) runs in TaskMarketViews on this contract's storage: this
    /// contract is at the size limit, and moving them costs a round's transactions nothing (decision 0051).
    /// TaskMarketViews has no function that writes (the compile script checks that every function reachable here
    /// is view or pure), and its address is fixed in the constructor.
    fallback() external {
        address target = views;
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            calldatacopy(ptr, 0, calldatasize())
            let ok := delegatecall(gas(), target, ptr, calldatasize(), 0, 0)
            returndatacopy(ptr, 0, returndatasize())
            if ok { return(ptr, returndatasize()) }
            revert(ptr, returndatasize())
        }
    }
}
