// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {NodeRegistry} from "./NodeRegistry.sol";

/// @title The PoQ task market: one round of PROTOCOL.md per task.
/// @notice submit (fee escrowed, miners and validators drawn) -> answer commit -> answer reveal ->
/// score commit -> score reveal -> finalize (median consensus, rewards, refunds, penalties, trust).
/// A phase ends as soon as every selected participant has acted (fast path); deadlines only matter
/// when someone is missing, and then anyone may call advance().
contract TaskMarket is AccessControl {
    using SafeERC20 for IERC20;

    bytes32 public constant GOVERNOR_ROLE = keccak256("GOVERNOR_ROLE");
    uint256 public constant BPS = 10_000;
    uint256 public constant MAX_SCORE = 10_000;
    uint256 public constant MAX_MINERS = 8;
    uint256 public constant MAX_VALIDATORS = 15;

    enum Phase { None, AnswerCommit, AnswerReveal, ScoreCommit, ScoreReveal, Finalized }
    enum Penalty { None, NoReveal, Absent, Deviation }

    struct Params {
        uint32 maxPromptBytes;
        uint32 maxAnswerBytes;
        uint32 maxTokensLimit;
        uint32 commitWindow; // seconds
        uint32 revealWindow; // seconds
        uint16 minerShareBps; // of the fee; the rest is the validator pool
        uint16 qualityFloor; // consensus below which an answer earns nothing
        uint16 tolerance; // validator mean absolute deviation that still earns
        uint16 slashDeviation; // validator mean absolute deviation that is slashed
        uint16 noRevealSlashBps;
        uint16 absentSlashBps;
        uint16 deviationSlashBps;
    }

    struct Task {
        address requester;
        Phase phase;
        uint8 k;
        uint8 m;
        uint8 answerCommits;
        uint8 answerReveals;
        uint8 scoreCommits;
        uint8 scoreReveals;
        uint64 deadline;
        uint32 maxTokens;
        uint64 submitBlock;
        bytes32 evaluatorId;
        bytes32 promptHash;
        bytes32 seed;
        uint256 fee;
        uint256 consensus; // packed: 16 bits per answer, set at finalize
    }

    struct Slot {
        uint8 position; // 1-based index among the task's miners or validators; 0: not selected
        bool committed;
        bool revealed;
        bytes32 commitment;
        uint256 data; // miner: keccak256 of the answer; validator: packed scores
    }

    IERC20 public immutable token;
    NodeRegistry public immutable registry;
    Params public params;
    uint256 public taskCount;

    mapping(uint256 => Task) private tasks;
    mapping(uint256 => address[]) private miners;
    mapping(uint256 => address[]) private validators;
    mapping(uint256 => mapping(address => Slot)) private slots;

    event TaskSubmitted(uint256 indexed taskId, address indexed requester, string modelFamily, bytes32 evaluatorId,
        uint8 k, uint8 m, uint32 maxTokens, uint256 fee, string prompt, address[] miners, address[] validators,
        uint64 deadline, bytes32 seed);
    event PhaseChanged(uint256 indexed taskId, Phase phase, uint64 deadline);
    event AnswerCommitted(uint256 indexed taskId, address indexed miner);
    event AnswerRevealed(uint256 indexed taskId, address indexed miner, uint8 index, string answer);
    event ScoresCommitted(uint256 indexed taskId, address indexed validator);
    event ScoresRevealed(uint256 indexed taskId, address indexed validator, uint16[] scores);
    event Rewarded(uint256 indexed taskId, address indexed node, uint256 amount);
    event Penalized(uint256 indexed taskId, address indexed node, Penalty reason, uint256 slashed);
    event Finalized(uint256 indexed taskId, uint16[] consensus, int8 best, uint256 minerRewards,
        uint256 validatorRewards, uint256 refund);

    constructor(IERC20 token_, NodeRegistry registry_, address admin, Params memory params_) {
        token = token_;
        registry = registry_;
        _setParams(params_);
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(GOVERNOR_ROLE, admin);
    }

    function setParams(Params calldata p) external onlyRole(GOVERNOR_ROLE) {
        _setParams(p);
    }

    function _setParams(Params memory p) private {
        require(p.minerShareBps <= BPS, "Market: miner share above 100%");
        require(p.tolerance > 0 && p.tolerance <= p.slashDeviation, "Market: tolerance must be in 1..slashDeviation");
        require(p.noRevealSlashBps <= BPS && p.absentSlashBps <= BPS && p.deviationSlashBps <= BPS, "Market: slash above 100%");
        require(p.commitWindow > 0 && p.revealWindow > 0, "Market: windows must be positive");
        params = p;
    }

    // ---------------------------------------------------------------- 1-2: submit and select

    /// @notice Submits a prompt, escrows `fee` POQ (approve the market first) and draws k miners serving
    /// `modelFamily` and m validators running `evaluatorId`, weighted by stake x trust, never the requester.
    function submitTask(string calldata prompt, string calldata modelFamily, bytes32 evaluatorId, uint8 k, uint8 m,
        uint32 maxTokens, uint256 fee) external returns (uint256 taskId)
    {
        // A contract could submit, inspect the draw and revert until it likes it; accounts cannot.
        require(msg.sender == tx.origin, "Market: requester must be an externally owned account");
        Params memory p = params;
        require(bytes(prompt).length > 0, "Market: prompt is empty");
        require(bytes(prompt).length <= p.maxPromptBytes, "Market: prompt too long");
        require(k >= 1 && k <= MAX_MINERS, "Market: k must be in 1..8");
        require(m >= 1 && m <= MAX_VALIDATORS, "Market: m must be in 1..15");
        require(maxTokens >= 1 && maxTokens <= p.maxTokensLimit, "Market: maxTokens out of range");
        require(fee > 0, "Market: fee must be positive");
        require(registry.knownEvaluator(evaluatorId), "Market: unknown evaluator");
        bytes32 mGroup = registry.minerGroup(modelFamily);
        bytes32 vGroup = registry.validatorGroup(evaluatorId);
        require(registry.eligibleCount(mGroup, msg.sender) >= k, "Market: not enough eligible miners");
        require(registry.eligibleCount(vGroup, msg.sender) >= m, "Market: not enough eligible validators");

        token.safeTransferFrom(msg.sender, address(this), fee);

        taskId = ++taskCount;
        bytes32 seed = keccak256(abi.encode(taskId, blockhash(block.number - 1), block.prevrandao, address(this), block.chainid));
        address[] memory ms = registry.sample(mGroup, keccak256(abi.encode(seed, "miners")), k, msg.sender);
        address[] memory vs = registry.sample(vGroup, keccak256(abi.encode(seed, "validators")), m, msg.sender);

        Task storage t = tasks[taskId];
        t.requester = msg.sender;
        t.phase = Phase.AnswerCommit;
        t.k = k;
        t.m = m;
        t.maxTokens = maxTokens;
        t.submitBlock = uint64(block.number);
        t.evaluatorId = evaluatorId;
        t.promptHash = keccak256(bytes(prompt));
        t.seed = seed;
        t.fee = fee;
        t.deadline = uint64(block.timestamp) + p.commitWindow;
        for (uint256 i = 0; i < k; i++) {
            miners[taskId].push(ms[i]);
            slots[taskId][ms[i]].position = uint8(i + 1);
        }
        for (uint256 i = 0; i < m; i++) {
            validators[taskId].push(vs[i]);
            slots[taskId][vs[i]].position = uint8(i + 1);
        }
        emit TaskSubmitted(taskId, msg.sender, modelFamily, evaluatorId, k, m, maxTokens, fee, prompt, ms, vs, t.deadline, seed);
    }

    // ---------------------------------------------------------------- 3-4: answers

    function commitAnswer(uint256 taskId, bytes32 commitment) external {
        Task storage t = _inPhase(taskId, Phase.AnswerCommit, "Market: not in the answer-commit phase");
        Slot storage s = _selected(taskId, t, true);
        require(!s.committed, "Market: already committed");
        require(commitment != bytes32(0), "Market: commitment is zero");
        s.committed = true;
        s.commitment = commitment;
        t.answerCommits += 1;
        emit AnswerCommitted(taskId, msg.sender);
        if (t.answerCommits == t.k) {
            _enter(taskId, t, Phase.AnswerReveal);
        }
    }

    function revealAnswer(uint256 taskId, string calldata answer, bytes32 salt) external {
        Task storage t = _inPhase(taskId, Phase.AnswerReveal, "Market: not in the answer-reveal phase");
        Slot storage s = _selected(taskId, t, true);
        require(s.committed, "Market: nothing committed");
        require(!s.revealed, "Market: already revealed");
        require(bytes(answer).length <= params.maxAnswerBytes, "Market: answer too long");
        bytes32 answerHash = keccak256(bytes(answer));
        require(answerCommitment(taskId, msg.sender, answerHash, salt) == s.commitment, "Market: reveal does not match the commitment");
        s.revealed = true;
        s.data = uint256(answerHash);
        t.answerReveals += 1;
        emit AnswerRevealed(taskId, msg.sender, s.position - 1, answer);
        if (t.answerReveals == t.answerCommits) {
            _enter(taskId, t, Phase.ScoreCommit);
        }
    }

    // ---------------------------------------------------------------- 5-6: scores

    function commitScores(uint256 taskId, bytes32 commitment) external {
        Task storage t = _inPhase(taskId, Phase.ScoreCommit, "Market: not in the score-commit phase");
        Slot storage s = _selected(taskId, t, false);
        require(!s.committed, "Market: already committed");
        require(commitment != bytes32(0), "Market: commitment is zero");
        s.committed = true;
        s.commitment = commitment;
        t.scoreCommits += 1;
        emit ScoresCommitted(taskId, msg.sender);
        if (t.scoreCommits == t.m) {
            _enter(taskId, t, Phase.ScoreReveal);
        }
    }

    /// @param scores one score in 0..10000 per selected miner, in selection order; scores of answers that
    /// were never revealed are ignored.
    function revealScores(uint256 taskId, uint16[] calldata scores, bytes32 salt) external {
        Task storage t = _inPhase(taskId, Phase.ScoreReveal, "Market: not in the score-reveal phase");
        Slot storage s = _selected(taskId, t, false);
        require(s.committed, "Market: nothing committed");
        require(!s.revealed, "Market: already revealed");
        require(scores.length == t.k, "Market: need one score per selected miner");
        uint256 packed;
        for (uint256 i = 0; i < scores.length; i++) {
            require(scores[i] <= MAX_SCORE, "Market: score above 10000");
            packed |= uint256(scores[i]) << (16 * i);
        }
        require(scoreCommitment(taskId, msg.sender, scores, salt) == s.commitment, "Market: reveal does not match the commitment");
        s.revealed = true;
        s.data = packed;
        t.scoreReveals += 1;
        emit ScoresRevealed(taskId, msg.sender, scores);
        if (t.scoreReveals == t.scoreCommits) {
            _finalize(taskId, t);
        }
    }

    // ---------------------------------------------------------------- deadlines

    /// @notice Ends the current phase once its deadline has passed; anyone may call it.
    function advance(uint256 taskId) external {
        Task storage t = tasks[taskId];
        require(t.phase != Phase.None, "Market: unknown task");
        require(t.phase != Phase.Finalized, "Market: task already finalized");
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
        Params memory p = params;
        address[] storage ms = miners[taskId];
        address[] storage vs = validators[taskId];
        uint256 k = ms.length;

        // consensus: the median of the revealed validators' scores, per revealed answer
        uint16[] memory consensus = new uint16[](k);
        bool[] memory answered = new bool[](k);
        bool scored = t.scoreReveals > 0;
        int8 best = -1;
        uint256 packedConsensus;
        for (uint256 i = 0; i < k; i++) {
            answered[i] = slots[taskId][ms[i]].revealed;
            if (answered[i] && scored) {
                consensus[i] = _median(taskId, vs, i, t.scoreReveals);
                packedConsensus |= uint256(consensus[i]) << (16 * i);
                if (best < 0 || consensus[i] > consensus[uint8(best)]) best = int8(int256(i));
            }
        }
        t.consensus = packedConsensus;

        uint256 minerPool = t.fee * p.minerShareBps / BPS;
        uint256 validatorPool = t.fee - minerPool;
        uint256 minerPaid = scored ? _payMiners(taskId, ms, consensus, answered, minerPool, p) : _penalizeSilentMiners(taskId, ms, p);
        uint256 validatorPaid = t.answerReveals > 0 ? _payValidators(taskId, vs, consensus, answered, validatorPool, p) : 0;
        uint256 refund = t.fee - minerPaid - validatorPaid;
        if (refund > 0) {
            token.safeTransfer(t.requester, refund);
        }
        emit PhaseChanged(taskId, Phase.Finalized, uint64(block.timestamp));
        emit Finalized(taskId, consensus, best, minerPaid, validatorPaid, refund);
    }

    /// @dev Miner reward weight is consensus^2 for answers at or above the quality floor: convex, so a
    /// low-quality answer earns much less than a good one.
    function _payMiners(uint256 taskId, address[] storage ms, uint16[] memory consensus, bool[] memory answered,
        uint256 pool, Params memory p) private returns (uint256 paid)
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
            Slot storage s = slots[taskId][miner];
            if (answered[i]) {
                if (w[i] > 0) {
                    uint256 amount = pool * w[i] / sum;
                    paid += amount;
                    token.safeTransfer(miner, amount);
                    emit Rewarded(taskId, miner, amount);
                }
                registry.updateTrust(miner, consensus[i]);
            } else {
                _penalize(taskId, miner, s.committed ? Penalty.NoReveal : Penalty.Absent,
                    s.committed ? p.noRevealSlashBps : p.absentSlashBps);
            }
        }
    }

    /// @dev With no validator scores there is no verdict on the answers: nobody is paid, but miners that
    /// never revealed are still penalized.
    function _penalizeSilentMiners(uint256 taskId, address[] storage ms, Params memory p) private returns (uint256) {
        for (uint256 i = 0; i < ms.length; i++) {
            Slot storage s = slots[taskId][ms[i]];
            if (!s.revealed) {
                _penalize(taskId, ms[i], s.committed ? Penalty.NoReveal : Penalty.Absent,
                    s.committed ? p.noRevealSlashBps : p.absentSlashBps);
            }
        }
        return 0;
    }

    /// @dev A validator whose mean absolute deviation from consensus is within the tolerance shares the
    /// pool with weight 2*tolerance - deviation (more for smaller deviation); beyond slashDeviation it is slashed.
    function _payValidators(uint256 taskId, address[] storage vs, uint16[] memory consensus, bool[] memory answered,
        uint256 pool, Params memory p) private returns (uint256 paid)
    {
        uint256 m = vs.length;
        uint256[] memory w = new uint256[](m);
        uint256[] memory dev = new uint256[](m);
        uint256 sum;
        uint256 answeredCount;
        for (uint256 i = 0; i < consensus.length; i++) {
            if (answered[i]) answeredCount++;
        }
        for (uint256 j = 0; j < m; j++) {
            Slot storage s = slots[taskId][vs[j]];
            if (!s.revealed) continue;
            uint256 total;
            for (uint256 i = 0; i < consensus.length; i++) {
                if (!answered[i]) continue;
                uint256 score = (s.data >> (16 * i)) & 0xFFFF;
                total += score > consensus[i] ? score - consensus[i] : consensus[i] - score;
            }
            dev[j] = total / answeredCount;
            if (dev[j] <= p.tolerance) {
                w[j] = 2 * uint256(p.tolerance) - dev[j];
                sum += w[j];
            }
        }
        for (uint256 j = 0; j < m; j++) {
            address v = vs[j];
            Slot storage s = slots[taskId][v];
            if (!s.revealed) {
                _penalize(taskId, v, s.committed ? Penalty.NoReveal : Penalty.Absent,
                    s.committed ? p.noRevealSlashBps : p.absentSlashBps);
                continue;
            }
            if (w[j] > 0) {
                uint256 amount = pool * w[j] / sum;
                paid += amount;
                token.safeTransfer(v, amount);
                emit Rewarded(taskId, v, amount);
            }
            if (dev[j] > p.slashDeviation) {
                uint256 slashed = registry.slash(v, p.deviationSlashBps);
                emit Penalized(taskId, v, Penalty.Deviation, slashed);
            }
            // agreement falls to zero at twice the slash threshold
            uint256 scaled = dev[j] * BPS / (2 * uint256(p.slashDeviation));
            registry.updateTrust(v, scaled >= BPS ? 0 : BPS - scaled);
        }
    }

    function _penalize(uint256 taskId, address node, Penalty reason, uint256 bps) private {
        uint256 slashed = registry.slash(node, bps);
        registry.updateTrust(node, 0);
        emit Penalized(taskId, node, reason, slashed);
    }

    function _median(uint256 taskId, address[] storage vs, uint256 answer, uint256 n) private view returns (uint16) {
        uint256[] memory xs = new uint256[](n);
        uint256 c;
        for (uint256 j = 0; j < vs.length; j++) {
            Slot storage s = slots[taskId][vs[j]];
            if (!s.revealed) continue;
            uint256 x = (s.data >> (16 * answer)) & 0xFFFF;
            uint256 i = c;
            while (i > 0 && xs[i - 1] > x) {
                xs[i] = xs[i - 1];
                i--;
            }
            xs[i] = x;
            c++;
        }
        if (c % 2 == 1) return uint16(xs[c / 2]);
        return uint16((xs[c / 2 - 1] + xs[c / 2]) / 2);
    }

    // ---------------------------------------------------------------- helpers

    function _inPhase(uint256 taskId, Phase phase, string memory reason) private view returns (Task storage t) {
        t = tasks[taskId];
        require(t.phase != Phase.None, "Market: unknown task");
        require(t.phase == phase, reason);
        require(block.timestamp <= t.deadline, "Market: phase deadline passed");
    }

    function _selected(uint256 taskId, Task storage, bool miner) private view returns (Slot storage s) {
        s = slots[taskId][msg.sender];
        address[] storage list = miner ? miners[taskId] : validators[taskId];
        require(s.position != 0 && s.position <= list.length && list[s.position - 1] == msg.sender,
            miner ? "Market: caller is not a selected miner" : "Market: caller is not a selected validator");
    }

    function _enter(uint256 taskId, Task storage t, Phase phase) private {
        t.phase = phase;
        Params memory p = params;
        uint32 window = phase == Phase.AnswerCommit || phase == Phase.ScoreCommit ? p.commitWindow : p.revealWindow;
        t.deadline = uint64(block.timestamp) + window;
        emit PhaseChanged(taskId, phase, t.deadline);
    }

    /// @notice The commitment a miner sends: keccak256(abi.encode(taskId, miner, keccak256(answer), salt)).
    function answerCommitment(uint256 taskId, address miner, bytes32 answerHash, bytes32 salt) public pure returns (bytes32) {
        return keccak256(abi.encode(taskId, miner, answerHash, salt));
    }

    /// @notice The commitment a validator sends: keccak256(abi.encode(taskId, validator, scores, salt)).
    function scoreCommitment(uint256 taskId, address validator, uint16[] calldata scores, bytes32 salt) public pure returns (bytes32) {
        return keccak256(abi.encode(taskId, validator, scores, salt));
    }

    // ---------------------------------------------------------------- views

    function getTask(uint256 taskId) external view returns (Task memory) {
        return tasks[taskId];
    }

    function getParticipants(uint256 taskId) external view returns (address[] memory, address[] memory) {
        return (miners[taskId], validators[taskId]);
    }

    function getSlot(uint256 taskId, address node) external view returns (Slot memory) {
        return slots[taskId][node];
    }

    function getConsensus(uint256 taskId) external view returns (uint16[] memory out) {
        Task storage t = tasks[taskId];
        out = new uint16[](t.k);
        for (uint256 i = 0; i < t.k; i++) out[i] = uint16((t.consensus >> (16 * i)) & 0xFFFF);
    }

    function getValidatorScores(uint256 taskId, address validator) external view returns (uint16[] memory out) {
        Task storage t = tasks[taskId];
        Slot storage s = slots[taskId][validator];
        out = new uint16[](t.k);
        if (!s.revealed || s.position == 0) return out;
        for (uint256 i = 0; i < t.k; i++) out[i] = uint16((s.data >> (16 * i)) & 0xFFFF);
    }
}
