// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

/// @notice The token's burn (PoqToken is ERC20Burnable): slashes and expired fees leave the supply.
interface IBurnable {
    function burn(uint256 amount) external;
}

/// @title Registry of PoQ miners and validators, protocol v3.
/// @notice Nodes stake POQ and declare what they serve: a miner its model family, the SHA-256 of its
/// GGUF file and the tokens it can hold (prompt + answer), a validator its evaluator id. Nodes that
/// serve the same thing form a group; selection draws from a group with probability proportional to
/// stake x trust. Each group keeps its weights in a Fenwick tree.
/// @dev v3 (docs/decisions/0023..0028): weights are fixed per epoch. A change made in epoch e takes effect
/// at epoch e+1; every tree slot keeps, in one storage word, its latest value and the values in force at
/// the last two epochs it changed in, so a task can draw from the snapshot of its own epoch during that
/// epoch and the next, with no global queue and no call into the market. Stake of a node drawn into a
/// task is held until a time fixed at the draw (no counter, nothing to wait for); trust is kept per
/// (node, group); hopping to another group puts the stake into unbonding; slashes are burned.
contract NodeRegistry is AccessControl {
    using SafeERC20 for IERC20;

    bytes32 public constant GOVERNOR_ROLE = keccak256("GOVERNOR_ROLE");
    uint256 public constant TRUST_ONE = 10_000;
    uint256 public constant BPS = 10_000;
    /// @notice Hard cap on the unbonding delay: governance cannot lock stake for longer.
    uint64 public constant MAX_UNBONDING_DELAY = 30 days;
    /// @notice Hard bounds on trust: governance cannot make trust moot or unbounded.
    uint32 public constant MAX_TRUST = 50_000;
    /// @notice Weights are kept in units of 10^-6 POQ so that three of them and two epochs fit one word.
    uint256 public constant WEIGHT_UNIT = 1e12;
    /// @notice Prices are kept in units of 10^-9 POQ (gwei of POQ), rounded up.
    uint256 public constant PRICE_UNIT = 1e9;
    /// @notice An epoch may not outlast half of blockhash's reach: a task's draw window is its target's
    /// epoch and the next one, and it must end while the target block's hash can still be read.
    uint256 public constant MAX_EPOCH_BLOCKS = 128;
    /// @notice A draw skips at most this many candidates (priced above the task, too small for it, or the
    /// requester) before it gives up: the bound on a draw's gas whatever the group holds.
    uint256 public constant MAX_SKIPS = 16;
    /// @notice A validator whose far tasks outnumber its close ones by this many in one group is slashed, and its
    /// count starts again (decision 0058): a lazy or copying validator is far in almost every task; an honest
    /// one is far only when an agreeing majority of others sets a wrong median, so its count stays near 0.
    uint256 public constant STRIKES_TO_SLASH = 12;

    enum Role { None, Miner, Validator }

    /// @dev One word. `cur` is the latest value; `b1` the value in force during epoch `e1` (the last epoch
    /// with a write, whose writes take effect at e1+1); `b2` the value in force during `e2`, the epoch of
    /// the writes before. That answers "the value in force during epoch S" for S = now and S = now - 1.
    struct Checkpoint {
        uint64 cur;
        uint64 b1;
        uint64 b2;
        uint32 e1;
        uint32 e2;
    }

    /// @dev A node's price and capacity, changed at most once every two epochs so that `prev` is the value
    /// in force at any epoch a task may still draw from (one word).
    struct Terms {
        uint64 price; // PRICE_UNIT
        uint64 prevPrice;
        uint32 capacity; // tokens: prompt + answer
        uint32 prevCapacity;
        uint32 epoch; // when price or capacity last changed
    }

    struct Trust {
        uint32 value; // TRUST_ONE = 1.0; 0: never set, read as trustInitial
        uint40 since; // when it last moved: idle time decays it toward trustInitial
        uint8 strikes; // validators: tasks far from consensus less tasks close to it, never below 0 (decision 0058)
    }

    /// @notice How far a validator's scores sat from a task's consensus, for its strike count (decision 0058).
    /// Uncounted: the task could not tell (too few revealed validators within the tolerance to trust its median).
    enum Distance { Uncounted, Close, Far }

    struct Node {
        Role role;
        uint32 index; // 1-based position in its group's tree
        uint64 unbondingReleaseAt;
        uint64 lockedUntil; // drawn into a task: stake stays until this time, fixed at the draw
        uint64 weight; // WEIGHT_UNIT; the latest value at `index` in the group's tree
        Terms terms;
        bytes32 group;
        bytes32 modelHash;
        bytes32 evaluatorId;
        uint256 stake;
        uint256 unbonding;
        string modelFamily;
    }

    struct Group {
        uint32 size;
        Checkpoint active; // members with weight > 0
        mapping(uint256 => Checkpoint) tree;
        mapping(uint256 => address) members;
    }

    IERC20 public immutable token;
    /// @notice Blocks per epoch, fixed at deploy (docs/decisions/0023).
    uint256 public immutable epochBlocks;
    uint256 public minStake;
    uint64 public unbondingDelay;
    uint32 public trustMin;
    uint32 public trustMax;
    uint32 public trustInitial;
    uint32 public trustAlphaBps;
    uint32 public trustHalfLife; // seconds of idleness that halve the distance of trust to trustInitial
    /// @notice The task market; set once, never changed (governance cannot revoke or replace it).
    address public market;

    mapping(address => Node) private nodes;
    mapping(bytes32 => Group) private groups;
    mapping(address => mapping(bytes32 => Trust)) private trusts;
    mapping(bytes32 => bool) public knownEvaluator;

    event NodeRegistered(address indexed node, Role role, bytes32 indexed group, string modelFamily, bytes32 modelHash, bytes32 evaluatorId);
    event StakeChanged(address indexed node, uint256 stake, uint256 unbonding, uint64 releaseAt);
    event Withdrawn(address indexed node, uint256 amount);
    event Slashed(address indexed node, uint256 amount);
    event TrustUpdated(address indexed node, uint32 trust);
    event EvaluatorAdded(bytes32 indexed evaluatorId, string name);
    event ParamsChanged(uint256 minStake, uint64 unbondingDelay, uint32 trustMin, uint32 trustMax, uint32 trustInitial, uint32 trustAlphaBps);
    event MarketSet(address market);
    event MinPriceSet(address indexed node, uint256 minPrice);
    event CapacitySet(address indexed node, uint32 contextTokens);

    constructor(IERC20 token_, address admin, uint256 minStake_, uint64 unbondingDelay_, uint256 epochBlocks_) {
        token = token_;
        require(unbondingDelay_ <= MAX_UNBONDING_DELAY, "Registry: unbonding delay above 30 days");
        require(epochBlocks_ >= 2 && epochBlocks_ <= MAX_EPOCH_BLOCKS, "Registry: an epoch must be 2..128 blocks");
        epochBlocks = epochBlocks_;
        minStake = minStake_;
        unbondingDelay = unbondingDelay_;
        trustMin = 1_000;
        trustMax = 20_000;
        // below what an honest node settles at (1.64 at 90% agreement): a fresh address is worth less
        // than an established honest one, so whitewashing a penalized identity does not pay
        trustInitial = 5_000;
        trustAlphaBps = 2_000;
        trustHalfLife = 7 days;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(GOVERNOR_ROLE, admin);
    }

    modifier onlyMarket() {
        require(msg.sender == market && market != address(0), "Registry: caller is not the market");
        _;
    }

    // ---------------------------------------------------------------- governance

    /// @notice Names the task market, once: no later admin can revoke it (freezing escrow) or replace it.
    function setMarket(address market_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        require(market == address(0), "Registry: market already set");
        require(market_ != address(0), "Registry: market is zero");
        market = market_;
        emit MarketSet(market_);
    }

    function addEvaluator(bytes32 evaluatorId, string calldata name) external onlyRole(GOVERNOR_ROLE) {
        require(evaluatorId != bytes32(0), "Registry: evaluator id is zero");
        knownEvaluator[evaluatorId] = true;
        emit EvaluatorAdded(evaluatorId, name);
    }

    function setParams(uint256 minStake_, uint64 unbondingDelay_, uint32 trustMin_, uint32 trustMax_, uint32 trustInitial_, uint32 trustAlphaBps_)
        external onlyRole(GOVERNOR_ROLE)
    {
        require(trustMin_ > 0 && trustMin_ <= trustInitial_ && trustInitial_ <= trustMax_, "Registry: trust bounds out of order");
        require(trustAlphaBps_ > 0 && trustAlphaBps_ <= BPS, "Registry: trust alpha out of range");
        require(trustMax_ <= MAX_TRUST, "Registry: trust cap above 5.0");
        require(unbondingDelay_ <= MAX_UNBONDING_DELAY, "Registry: unbonding delay above 30 days");
        minStake = minStake_;
        unbondingDelay = unbondingDelay_;
        trustMin = trustMin_;
        trustMax = trustMax_;
        trustInitial = trustInitial_;
        trustAlphaBps = trustAlphaBps_;
        emit ParamsChanged(minStake_, unbondingDelay_, trustMin_, trustMax_, trustInitial_, trustAlphaBps_);
    }

    // ---------------------------------------------------------------- epochs

    /// @notice The current epoch (1-based): weights, prices and capacities written now count from epoch() + 1.
    function epoch() public view returns (uint256) {
        return epochOf(block.number);
    }

    function epochOf(uint256 blockNumber) public view returns (uint256) {
        return blockNumber / epochBlocks + 1;
    }

    // ---------------------------------------------------------------- nodes

    /// @notice Registers (or re-declares) the caller as a miner serving `modelFamily` with the GGUF whose
    /// SHA-256 is `modelHash`, holding at most `contextTokens` tokens of prompt and answer together.
    function registerMiner(string calldata modelFamily, bytes32 modelHash, uint32 contextTokens, uint256 stake) external {
        require(bytes(modelFamily).length > 0 && bytes(modelFamily).length <= 64, "Registry: model family must be 1..64 bytes");
        require(modelHash != bytes32(0), "Registry: model hash is zero");
        require(contextTokens > 0, "Registry: context tokens must be positive");
        Node storage n = nodes[msg.sender];
        require(n.role != Role.Validator, "Registry: address is a validator");
        n.modelFamily = modelFamily;
        n.modelHash = modelHash;
        if (n.terms.capacity != contextTokens) {
            _setTerms(n, n.terms.price, contextTokens);
            emit CapacitySet(msg.sender, contextTokens);
        }
        _register(n, Role.Miner, minerGroup(modelFamily), stake);
    }

    /// @notice Registers (or re-declares) the caller as a validator running evaluator `evaluatorId`.
    function registerValidator(bytes32 evaluatorId, uint256 stake) external {
        require(knownEvaluator[evaluatorId], "Registry: unknown evaluator");
        Node storage n = nodes[msg.sender];
        require(n.role != Role.Miner, "Registry: address is a miner");
        n.evaluatorId = evaluatorId;
        if (n.terms.capacity != type(uint32).max) _setTerms(n, n.terms.price, type(uint32).max); // a validator serves any task
        _register(n, Role.Validator, validatorGroup(evaluatorId), stake);
    }

    function _register(Node storage n, Role role, bytes32 group, uint256 stake) private {
        if (n.group != group && n.index != 0) {
            // hopping: the stake that served the old group goes into unbonding (it stays slashable for
            // what it did there) and the node starts over with new stake; trust stays with the old group
            _setWeight(n, 0);
            n.unbonding += n.stake;
            n.stake = 0;
            n.unbondingReleaseAt = uint64(block.timestamp) + unbondingDelay;
        }
        if (stake > 0) {
            token.safeTransferFrom(msg.sender, address(this), stake);
            n.stake += stake;
        }
        require(n.stake >= minStake, "Registry: stake below minimum");
        n.role = role;
        if (n.group != group) {
            n.group = group;
            n.index = _append(groups[group], msg.sender);
            n.weight = 0;
            // the address's trust record in this group is written now, at registration, so that the
            // first finalize does not pay for a new storage word per participant
            Trust storage tr = trusts[msg.sender][group];
            if (tr.value == 0) {
                tr.value = trustInitial;
                tr.since = uint40(block.timestamp);
            }
        }
        _refreshWeight(n, msg.sender);
        emit NodeRegistered(msg.sender, role, group, n.modelFamily, n.modelHash, n.evaluatorId);
        emit StakeChanged(msg.sender, n.stake, n.unbonding, n.unbondingReleaseAt);
    }

    function addStake(uint256 amount) external {
        Node storage n = nodes[msg.sender];
        require(n.role != Role.None, "Registry: not registered");
        require(amount > 0, "Registry: amount is zero");
        token.safeTransferFrom(msg.sender, address(this), amount);
        n.stake += amount;
        _refreshWeight(n, msg.sender);
        emit StakeChanged(msg.sender, n.stake, n.unbonding, n.unbondingReleaseAt);
    }

    /// @notice Moves stake into unbonding: it stops counting for selection from the next epoch and can be
    /// withdrawn after the unbonding delay. It can still be slashed for tasks the node took part in.
    function requestUnstake(uint256 amount) external {
        Node storage n = nodes[msg.sender];
        require(n.role != Role.None, "Registry: not registered");
        require(amount > 0, "Registry: amount is zero");
        require(amount <= n.stake, "Registry: amount exceeds stake");
        n.stake -= amount;
        n.unbonding += amount;
        n.unbondingReleaseAt = uint64(block.timestamp) + unbondingDelay;
        _refreshWeight(n, msg.sender);
        emit StakeChanged(msg.sender, n.stake, n.unbonding, n.unbondingReleaseAt);
    }

    /// @notice Withdraws unbonded stake. A node drawn into a task answers for it with this stake until a
    /// time fixed at the draw (the task's last deadline plus a settling grace): nothing anyone else does
    /// or fails to do can hold it longer.
    function withdraw() external {
        Node storage n = nodes[msg.sender];
        require(n.unbonding > 0, "Registry: nothing to withdraw");
        require(block.timestamp >= n.unbondingReleaseAt, "Registry: stake still unbonding");
        require(block.timestamp >= n.lockedUntil, "Registry: drawn into a task; stake held until its settling time");
        uint256 amount = n.unbonding;
        n.unbonding = 0;
        token.safeTransfer(msg.sender, amount);
        emit Withdrawn(msg.sender, amount);
        emit StakeChanged(msg.sender, n.stake, 0, n.unbondingReleaseAt);
    }

    /// @notice Declares the least share of a task's fee this node works for, for its role (a miner: its
    /// part of the miner pool; a validator: its part of the validator pool). From the next epoch the node
    /// is not drawn for tasks that pay it less; once drawn, absence is penalised.
    function setMinPrice(uint256 price) external {
        Node storage n = nodes[msg.sender];
        require(n.role != Role.None, "Registry: not registered");
        uint256 units = (price + PRICE_UNIT - 1) / PRICE_UNIT;
        require(units <= type(uint64).max, "Registry: price too high");
        _setTerms(n, uint64(units), n.terms.capacity);
        emit MinPriceSet(msg.sender, price);
    }

    /// @dev Price and capacity change at most once every two epochs: a task drawing from the previous
    /// epoch's snapshot then still finds the value that was in force there.
    function _setTerms(Node storage n, uint64 price, uint32 capacity) private {
        if (n.role == Role.None) {
            // a node that was never registered had no weight in any snapshot: its first terms hold for all
            n.terms = Terms(price, price, capacity, capacity, 0);
            return;
        }
        Terms memory t = n.terms;
        uint32 e = uint32(epoch());
        if (t.epoch != e) {
            require(t.epoch == 0 || e >= t.epoch + 2, "Registry: price or capacity changed less than two epochs ago");
            t.prevPrice = t.price;
            t.prevCapacity = t.capacity;
            t.epoch = e;
        }
        t.price = price;
        t.capacity = capacity;
        n.terms = t;
    }

    /// @notice Pulls the node's trust in its group toward trustInitial for the time it has been idle; anyone may call it.
    function refreshTrust(address node) external {
        Node storage n = nodes[node];
        require(n.role != Role.None, "Registry: not registered");
        Trust storage tr = trusts[node][n.group];
        _decay(tr);
        _refreshWeight(n, node);
        emit TrustUpdated(node, tr.value);
    }

    /// @dev trust <- initial + (trust - initial) / 2^(idle / halfLife), linear between halvings.
    function _decay(Trust storage tr) private {
        uint256 cur = tr.value == 0 ? trustInitial : tr.value;
        uint256 idle = tr.since == 0 ? 0 : block.timestamp - tr.since;
        tr.since = uint40(block.timestamp);
        if (idle == 0 || trustHalfLife == 0) {
            tr.value = uint32(cur);
            return;
        }
        uint256 halvings = idle / trustHalfLife;
        uint256 start = trustInitial;
        uint256 diff = cur > start ? cur - start : start - cur;
        if (halvings >= 32) {
            diff = 0;
        } else {
            diff >>= halvings;
            // the remainder of a half-life shrinks the distance linearly by up to a further half
            diff -= diff * (idle % trustHalfLife) / (2 * uint256(trustHalfLife));
        }
        tr.value = uint32(cur > start ? start + diff : start - diff);
    }

    // ---------------------------------------------------------------- market hooks

    /// @notice Holds the stake of a task's drawn nodes until `until` (a time, not a count: it cannot
    /// overflow and needs nobody to finish anything).
    function lock(address[] calldata ms, address[] calldata vs, uint64 until) external onlyMarket {
        for (uint256 i = 0; i < ms.length; i++) _lock(nodes[ms[i]], until);
        for (uint256 i = 0; i < vs.length; i++) _lock(nodes[vs[i]], until);
    }

    function _lock(Node storage n, uint64 until) private {
        if (n.lockedUntil < until) n.lockedUntil = until;
    }

    /// @notice Burns `bps` of the node's stake (active first, then unbonding): nobody, not the deployer and
    /// not a requester, gains from a slash it could cause.
    function slash(address node, uint256 bps) external onlyMarket returns (uint256) {
        return _slash(node, bps);
    }

    function _slash(address node, uint256 bps) private returns (uint256 amount) {
        Node storage n = nodes[node];
        uint256 total = n.stake + n.unbonding;
        amount = total * bps / BPS;
        if (amount == 0) {
            return 0;
        }
        uint256 fromStake = amount <= n.stake ? amount : n.stake;
        n.stake -= fromStake;
        n.unbonding -= amount - fromStake;
        _refreshWeight(n, node);
        IBurnable(address(token)).burn(amount);
        emit Slashed(node, amount);
        emit StakeChanged(node, n.stake, n.unbonding, n.unbondingReleaseAt);
    }

    /// @notice Moves the node's trust in `group` (the group the task was drawn from) towards a target set
    /// by its agreement with consensus (0..10000): an exponential average towards
    /// trustMin + (trustMax - trustMin) * agreement^2. The node's weight moves only if it still serves that group.
    function updateTrust(address node, bytes32 group, uint256 agreementBps) external onlyMarket {
        _updateTrust(node, group, agreementBps);
    }

    /// @notice A validator's update after a task: its trust as updateTrust moves it, and its strike count in `group`
    /// (decision 0058): a Far task adds a strike, a Close one takes one away; at STRIKES_TO_SLASH strikes `slashBps`
    /// of its stake is burned and the count starts again.
    /// @return slashed what was burned (0: no slash this time)
    function updateValidator(address node, bytes32 group, uint256 agreementBps, Distance distance, uint256 slashBps)
        external onlyMarket returns (uint256 slashed)
    {
        if (nodes[node].role == Role.None) {
            return 0;
        }
        Trust storage tr = _updateTrust(node, group, agreementBps);
        if (distance == Distance.Far) {
            if (tr.strikes + 1 < STRIKES_TO_SLASH) {
                tr.strikes += 1;
            } else {
                tr.strikes = 0;
                slashed = _slash(node, slashBps);
            }
        } else if (distance == Distance.Close && tr.strikes > 0) {
            tr.strikes -= 1;
        }
    }

    function _updateTrust(address node, bytes32 group, uint256 agreementBps) private returns (Trust storage tr) {
        Node storage n = nodes[node];
        tr = trusts[node][group];
        if (n.role == Role.None) {
            return tr;
        }
        _decay(tr);
        uint256 a = agreementBps > BPS ? BPS : agreementBps;
        uint256 target = uint256(trustMin) + (uint256(trustMax) - trustMin) * a * a / (BPS * BPS);
        uint256 next = (uint256(tr.value) * (BPS - trustAlphaBps) + target * trustAlphaBps) / BPS;
        if (next < trustMin) next = trustMin;
        if (next > trustMax) next = trustMax;
        tr.value = uint32(next);
        if (n.group == group) _refreshWeight(n, node);
        emit TrustUpdated(node, tr.value);
    }

    // ---------------------------------------------------------------- selection

    function minerGroup(string memory modelFamily) public pure returns (bytes32) {
        return keccak256(abi.encode(Role.Miner, keccak256(bytes(modelFamily))));
    }

    function validatorGroup(bytes32 evaluatorId) public pure returns (bytes32) {
        return keccak256(abi.encode(Role.Validator, evaluatorId));
    }

    /// @notice Members of `group` with a positive weight now (in force from the next epoch), not counting `exclude`.
    function eligibleCount(bytes32 group, address exclude) public view returns (uint256) {
        Node storage x = nodes[exclude];
        uint256 c = groups[group].active.cur;
        if (x.group == group && x.weight > 0) {
            c -= 1;
        }
        return c;
    }

    /// @notice The group's total weight in the snapshot of epoch `s` (s = now or now - 1), in WEIGHT_UNIT.
    function totalWeightAt(bytes32 group, uint256 s) external view returns (uint256) {
        Group storage g = groups[group];
        return _prefixAt(g, g.size, s);
    }

    /// @notice Members of `group` with a positive weight in the snapshot of epoch `s` (s = now or now - 1).
    function eligibleCountAt(bytes32 group, uint256 s) public view returns (uint256) {
        return _at(groups[group].active, s);
    }

    function groupSize(bytes32 group) external view returns (uint256) {
        return groups[group].size;
    }

    /// @notice The group's total weight now, in WEIGHT_UNIT.
    function totalWeight(bytes32 group) external view returns (uint256) {
        Group storage g = groups[group];
        return _prefixAt(g, g.size, type(uint256).max);
    }

    /// @notice What a draw asks of its candidates.
    struct Need {
        uint256 snapshot; // the epoch whose weights, prices and capacities count
        uint256 tokens; // capacity needed: prompt tokens + maxTokens
        uint256 share; // what the task pays each drawn node of this role, in wei
        address exclude; // the requester
    }

    /// @notice Draws up to `count` distinct members of `group` from the weights of epoch `need.snapshot`,
    /// each draw weighted by stake x trust among the members not yet drawn or skipped. A candidate whose
    /// capacity is below `need.tokens`, whose price is above `need.share`, or who is `need.exclude`, is
    /// skipped and taken out of the draw; after MAX_SKIPS skips (or when no weight is left) the draw stops
    /// and returns fewer than `count`. Deterministic in `seed`: anyone can recompute a task's draw.
    function sample(bytes32 group, bytes32 seed, uint256 count, Need calldata need) external view returns (address[] memory) {
        Group storage g = groups[group];
        uint256 s = need.snapshot;
        uint256 cap = count + MAX_SKIPS;
        address[] memory out = new address[](count);
        uint256[] memory takenIdx = new uint256[](cap);
        uint256[] memory takenW = new uint256[](cap);
        uint256 taken;
        uint256 found;
        uint256 total = _prefixAt(g, g.size, s);
        uint256 top = _highestPowerOfTwo(g.size);
        for (uint256 j = 0; found < count && taken < cap && total > 0; j++) {
            uint256 r = uint256(keccak256(abi.encode(seed, j))) % total;
            uint256 idx = _find(g, r, top, s, takenIdx, takenW, taken);
            uint256 w = _leafAt(g, idx, s);
            takenIdx[taken] = idx;
            takenW[taken] = w;
            taken++;
            total -= w;
            address a = g.members[idx];
            if (_serves(nodes[a].terms, s, need) && a != need.exclude) {
                out[found++] = a;
            }
        }
        assembly ("memory-safe") { mstore(out, found) } // shorten to what was found
        return out;
    }

    function _serves(Terms memory t, uint256 s, Need calldata need) private pure returns (bool) {
        bool current = t.epoch < s; // a change made at epoch s or later is not in force at s
        uint256 capacity = current ? t.capacity : t.prevCapacity;
        uint256 price = current ? t.price : t.prevPrice;
        return capacity >= need.tokens && price * PRICE_UNIT <= need.share;
    }

    /// @dev The smallest index whose snapshot prefix sum, with the taken members' weights removed, exceeds r.
    function _find(Group storage g, uint256 r, uint256 top, uint256 s, uint256[] memory takenIdx,
        uint256[] memory takenW, uint256 taken) private view returns (uint256)
    {
        uint256 pos;
        uint256 size = g.size;
        for (uint256 step = top; step > 0; step >>= 1) {
            uint256 next = pos + step;
            if (next > size) {
                continue;
            }
            uint256 t = _at(g.tree[next], s);
            for (uint256 i = 0; i < taken; i++) {
                if (takenIdx[i] > pos && takenIdx[i] <= next) {
                    t -= takenW[i];
                }
            }
            if (t <= r) {
                pos = next;
                r -= t;
            }
        }
        return pos + 1;
    }

    /// @dev The weight of one member in the snapshot: its slot minus the slots it covers.
    function _leafAt(Group storage g, uint256 i, uint256 s) private view returns (uint256 v) {
        v = _at(g.tree[i], s);
        uint256 stop = i - (i & (~i + 1));
        for (uint256 j = i - 1; j > stop; j -= j & (~j + 1)) v -= _at(g.tree[j], s);
    }

    function _highestPowerOfTwo(uint256 n) private pure returns (uint256 p) {
        if (n == 0) return 0;
        p = 1;
        while (p * 2 <= n) p *= 2;
    }

    /// @dev s = type(uint256).max reads the latest values.
    function _prefixAt(Group storage g, uint256 i, uint256 s) private view returns (uint256 sum) {
        while (i > 0) {
            sum += _at(g.tree[i], s);
            i -= i & (~i + 1);
        }
    }

    function _at(Checkpoint memory c, uint256 s) private pure returns (uint256) {
        if (c.e1 < s) return c.cur;
        if (c.e1 == s) return c.b1;
        if (c.e2 < s) return c.b1;
        if (c.e2 == s) return c.b2;
        revert("Registry: snapshot older than the previous epoch");
    }

    function _write(Checkpoint storage c, uint256 v) private {
        Checkpoint memory x = c;
        uint32 e = uint32(epoch());
        if (x.e1 != e) {
            x.b2 = x.b1;
            x.e2 = x.e1;
            x.b1 = x.cur;
            x.e1 = e;
        }
        x.cur = uint64(v);
        c.cur = x.cur; c.b1 = x.b1; c.b2 = x.b2; c.e1 = x.e1; c.e2 = x.e2;
    }

    function _append(Group storage g, address member) private returns (uint32 index) {
        index = g.size + 1;
        g.size = index;
        g.members[index] = member;
        uint256 low = index & (~uint256(index) + 1);
        // a new node of a growing Fenwick tree covers (index - low, index]: it starts as the sum of the
        // existing elements there, as of now and as of the two snapshots a draw may still read
        uint256 e = epoch();
        g.tree[index] = Checkpoint(
            uint64(_prefixAt(g, index - 1, type(uint256).max) - _prefixAt(g, index - low, type(uint256).max)),
            uint64(_prefixAt(g, index - 1, e) - _prefixAt(g, index - low, e)),
            uint64(_prefixAt(g, index - 1, e - 1) - _prefixAt(g, index - low, e - 1)),
            uint32(e), uint32(e - 1));
    }

    function _refreshWeight(Node storage n, address node) private {
        Trust storage tr = trusts[node][n.group];
        uint256 trust = tr.value == 0 ? trustInitial : tr.value;
        uint256 w = n.stake >= minStake && n.stake > 0 ? n.stake * trust / TRUST_ONE / WEIGHT_UNIT : 0;
        _setWeight(n, w);
    }

    function _setWeight(Node storage n, uint256 w) private {
        uint256 old = n.weight;
        if (w == old) {
            return;
        }
        Group storage g = groups[n.group];
        uint256 size = g.size;
        for (uint256 i = n.index; i <= size; i += i & (~i + 1)) {
            Checkpoint storage c = g.tree[i];
            _write(c, w > old ? c.cur + (w - old) : c.cur - (old - w));
        }
        if (old == 0) _write(g.active, g.active.cur + 1);
        if (w == 0) _write(g.active, g.active.cur - 1);
        n.weight = uint64(w);
    }

    // ---------------------------------------------------------------- views

    struct NodeView {
        Role role;
        uint32 trust;
        uint64 unbondingReleaseAt;
        bytes32 group;
        bytes32 modelHash;
        bytes32 evaluatorId;
        uint256 stake;
        uint256 unbonding;
        uint256 weight;
        string modelFamily;
        uint256 minPrice;
        uint64 lockedUntil;
        uint32 contextTokens;
    }

    function nodeInfo(address node) external view returns (NodeView memory v) {
        Node storage n = nodes[node];
        Trust storage tr = trusts[node][n.group];
        uint32 trust = n.role == Role.None ? 0 : (tr.value == 0 ? trustInitial : tr.value);
        v = NodeView(n.role, trust, n.unbondingReleaseAt, n.group, n.modelHash, n.evaluatorId, n.stake, n.unbonding,
            uint256(n.weight) * WEIGHT_UNIT, n.modelFamily, uint256(n.terms.price) * PRICE_UNIT, n.lockedUntil,
            n.role == Role.Miner ? n.terms.capacity : 0);
    }

    /// @notice The node's trust in `group` (trustInitial where it never served).
    function trustIn(address node, bytes32 group) external view returns (uint32) {
        uint32 v = trusts[node][group].value;
        return v == 0 ? trustInitial : v;
    }

    /// @notice The validator's strike count in `group` (decision 0058): far tasks less close ones since its last slash.
    function strikesIn(address node, bytes32 group) external view returns (uint8) {
        return trusts[node][group].strikes;
    }

    function memberAt(bytes32 group, uint256 index) external view returns (address) {
        return groups[group].members[index];
    }
}
