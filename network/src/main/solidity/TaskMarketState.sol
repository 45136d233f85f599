// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";

/// @title The task market's types and storage, shared by TaskMarket and TaskMarketViews.
/// @notice Both contracts inherit this and declare no storage of their own, so they have one storage layout:
/// TaskMarket runs the rounds, and hands every call it does not know (its read-only views) by delegatecall to
/// TaskMarketViews, which reads the same storage (decision 0051: the market was at the 24,576-byte limit).
abstract contract TaskMarketState is AccessControl {
    /// @dev Where a validator's slot word keeps its verdicts, two bits per answer, above the 8 x 16 bits of scores.
    uint256 internal constant VERDICT_SHIFT = 128;

    enum Phase { None, Drawing, AnswerCommit, AnswerReveal, ScoreCommit, ScoreReveal, Finalized }
    /// PersistentDeviation: far from consensus in STRIKES_TO_SLASH more tasks than close to it (decision 0058).
    enum Penalty { None, NoReveal, Absent, Deviation, FailedAudit, AuditDeviation, PersistentDeviation }

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
        uint128 minFeePerParticipant; // the protocol's floor: fee >= this x (k + m)
    }

    /// @dev Laid out in 8 storage words (decision 0018): the first two hold every small field, so a submit
    /// writes 6 new words and each commit or reveal reads the task's phase, counters and deadline from two.
    struct Task {
        address requester;
        Phase phase;
        uint8 k;
        uint8 m;
        uint8 answerCommits;
        uint8 answerReveals;
        uint8 scoreCommits;
        uint8 scoreReveals;
        uint32 paramsVersion; // the parameters in force at submit: later changes do not touch this task
        uint8 declines; // miners that declined openly (the prompt was declared below one token per byte)
        uint64 deadline;
        uint40 submitBlock;
        uint40 targetBlock; // the block whose hash draws the participants; its epoch's weights count
        uint40 drawBlock; // the block the draw was made in
        uint32 maxTokens;
        uint32 promptTokens; // declared by the requester, ceil(bytes / MAX_BYTES_PER_TOKEN)..bytes
        bool declinable; // promptTokens < prompt bytes: a drawn miner whose tokenizer counts more may decline
        uint256 fee;
        bytes32 evaluatorId;
        bytes32 promptHash;
        bytes32 seed;
        uint256 consensus; // packed: 16 bits per answer, set at finalize
        bytes32 minerGroup;
    }

    /// @notice A node's place in a task, as getSlot reports it.
    struct Slot {
        uint8 position; // 1-based index among the task's miners or validators; 0: not selected
        bool committed;
        bool revealed;
        bytes32 commitment;
        uint256 data; // miner: keccak256 of the answer; validator: packed scores, verdicts 2 bits each from bit 128
    }

    /// @dev How a Slot is stored: two words. The commitment is only needed until the reveal, so the reveal
    /// writes its data over it (a cheap rewrite instead of a new word); "committed" is "revealed or a
    /// commitment is there" (a commitment is never zero); `miner` says which list `position` indexes, so a
    /// node's role in the task is checked without reading the list.
    struct SlotRecord {
        uint8 position;
        bool miner;
        bool revealed;
        bool declined;
        bytes32 word; // the commitment until revealed, then the data
    }

    /// @dev The parameters in force now (paramsOf[paramsVersion] holds the same), read whole by each submit; the public
    /// getters params() and paramsAt(version) are in TaskMarketViews.
    Params internal currentParams;
    uint32 public paramsVersion;
    mapping(uint32 => Params) internal paramsOf;
    uint256 public taskCount;

    mapping(uint256 => Task) internal tasks;
    mapping(uint256 => address[]) internal miners;
    mapping(uint256 => address[]) internal validators;
    mapping(uint256 => mapping(address => SlotRecord)) internal slots;
}
